// Agents: the runs of the day shown in the URL (status, persona, model, duration, tokens), a run's event log
// (followed live while it runs), cancel, and starting a persona by hand. Journal text is inserted as text.
(function () {
  'use strict';
  const root = document.getElementById('agents-app');
  if (!root) { return; }
  const el = window.engram.el;
  const api = window.engram.api;
  const day = root.dataset.day || window.engram.today();
  const body = document.getElementById('ag-runs');
  const events = document.getElementById('ag-events');
  let source = null;

  function duration(r) {
    if (r.duration_ms === null || r.duration_ms === undefined) { return r.state === 'running' ? '…' : '–'; }
    return (r.duration_ms / 1000).toFixed(1) + ' s';
  }

  function row(r) {
    const tr = el('tr', 'ag-run ag-' + r.state);
    tr.dataset.id = r.id;
    tr.appendChild(el('td', null, window.engram.formatTime(r.started, { seconds: true })));
    tr.appendChild(el('td', 'ag-state', r.state));
    tr.appendChild(el('td', null, r.persona));
    tr.appendChild(el('td', null, r.model || '–'));
    tr.appendChild(el('td', null, duration(r)));
    tr.appendChild(el('td', null, r.input_tokens + ' / ' + r.output_tokens));
    const p = el('td', 'ag-prompt', r.prompt);
    p.title = r.error || r.prompt;
    tr.appendChild(p);
    const actions = el('td', null);
    if (r.state === 'running') {
      const b = el('button', 'ag-btn ag-cancel', 'Cancel');
      b.type = 'button';
      b.addEventListener('click', function (e) {
        e.stopPropagation();
        api('POST', '/app/agents/api/run/' + r.id + '/cancel').then(load);
      });
      actions.appendChild(b);
    }
    tr.appendChild(actions);
    tr.addEventListener('click', function () { show(r.id); });
    return tr;
  }

  function load() {
    return api('GET', '/app/agents/api/day/' + day).then(function (d) {
      body.textContent = '';
      d.runs.forEach(function (r) { body.appendChild(row(r)); });
      document.getElementById('ag-empty').hidden = d.runs.length > 0;
      root.dataset.loaded = 'true';
    });
  }

  function eventItem(ev) {
    const li = el('li', 'ag-event ag-ev-' + ev.event);
    li.appendChild(el('span', 'ag-ev-time', window.engram.formatTime(ev.ts, { seconds: true })));
    li.appendChild(el('span', 'ag-ev-name', ev.event));
    const rest = Object.assign({}, ev);
    delete rest.event; delete rest.ts; delete rest.agent_id;
    li.appendChild(el('pre', 'ag-ev-body', JSON.stringify(rest, null, 2)));
    return li;
  }

  function show(id) {
    if (source) { source.close(); source = null; }
    api('GET', '/app/agents/api/run/' + id).then(function (d) {
      document.getElementById('ag-detail').hidden = false;
      document.getElementById('ag-detail-title').textContent = d.run.persona + ' · ' + d.run.id + ' · ' + d.run.state;
      events.textContent = '';
      d.events.forEach(function (ev) { events.appendChild(eventItem(ev)); });
      if (d.run.state === 'running') {
        let seen = d.events.length;
        source = new EventSource('/app/agents/api/run/' + id + '/events');
        ['start', 'thinking', 'tool_start', 'tool_end', 'finish', 'error', 'info'].forEach(function (name) {
          source.addEventListener(name, function (m) {
            if (!m.data) { return; }
            if (seen > 0) { seen--; return; } // already listed
            events.appendChild(eventItem(JSON.parse(m.data)));
            if (name === 'finish' || name === 'error') { source.close(); load(); }
          });
        });
      }
    });
  }

  document.getElementById('ag-start').addEventListener('submit', function (e) {
    e.preventDefault();
    const status = document.getElementById('ag-status');
    api('POST', '/app/agents/api/start', {
      persona: document.getElementById('ag-persona').value,
      provider: document.getElementById('ag-provider').value,
      prompt: document.getElementById('ag-prompt').value
    }).then(function (r) {
      status.textContent = 'Started run ' + r.agent_id;
      document.getElementById('ag-prompt').value = '';
      load().then(function () { show(r.agent_id); });
    }).catch(function (err) { status.textContent = err.message; });
  });

  api('GET', '/app/agents/api/personas').then(function (r) {
    const sel = document.getElementById('ag-persona');
    r.personas.forEach(function (p) {
      const o = el('option', null, p.title);
      o.value = p.name;
      sel.appendChild(o);
    });
    // the provider picker: "by tier", or one of the configured endpoints
    window.engramApps.fillProviders(document.getElementById('ag-provider'),
      document.getElementById('ag-provider-hint'), r);
  });
  // the MCP audit: the last calls of the owner's other agents (health/mcp-audit.jsonl)
  function loadMcp() {
    api('GET', '/app/agents/api/mcp').then(function (d) {
      const tb = document.getElementById('ag-mcp');
      tb.textContent = '';
      d.calls.forEach(function (c) {
        const tr = el('tr', 'ag-mcp-call ag-' + c.status);
        [window.engram.formatTime(Date.parse(c.time), { seconds: true }), c.client, c.transport, c.name, c.status,
          c.argBytes + ' B', String(c.millis)].forEach(function (t) { tr.appendChild(el('td', null, t)); });
        tb.appendChild(tr);
      });
      document.getElementById('ag-mcp-empty').hidden = d.calls.length > 0;
    });
  }
  loadMcp();
  window.appEvents.listen('cortex', function (m) {
    if (m.event === 'request' || m.event === 'finish' || m.event === 'error') { load(); }
  });
  load();
}());
