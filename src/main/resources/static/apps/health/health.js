// The status panel: every service's state, restarts and detail from GET /health, refreshed every 5 s.
(function () {
  const body = document.querySelector('#health-services tbody');
  const summary = document.getElementById('health-summary');

  function cell(text) {
    const td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  async function refresh() {
    try {
      const r = await fetch('/health', { headers: { Accept: 'application/json' } });
      const report = await r.json(); // a 503 (a service down) carries the same JSON
      summary.textContent = 'Overall: ' + report.status + ' (updated ' + new Date(report.at_ms).toLocaleTimeString() + ')';
      body.replaceChildren();
      for (const [name, s] of Object.entries(report.services || {})) {
        const tr = document.createElement('tr');
        tr.dataset.service = name;
        tr.className = 'hp-' + s.status;
        tr.append(cell(name), cell(s.status), cell(String((s.facts && s.facts.restarts) || 0)), cell(s.detail || ''));
        body.append(tr);
      }
    } catch (e) {
      summary.textContent = 'Could not read /health: ' + e.message + ' (retrying)';
    }
  }

  refresh();
  setInterval(refresh, 5000);
})();
