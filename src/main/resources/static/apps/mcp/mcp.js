// MCP access: tokens (create, revoke) and the recent calls, through /app/mcp/api/* with engram.api (JSON + CSRF).
(function () {
  'use strict';
  const root = document.getElementById('mcp-app');
  if (!root) { return; }
  const API = '/app/mcp/api';

  function status(text, isError) {
    const s = document.getElementById('mcp-status');
    s.textContent = text;
    s.classList.toggle('mcp-error', !!isError);
  }

  function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }

  function loadTokens() {
    return window.engram.api('GET', API + '/tokens').then(function (b) {
      document.getElementById('mcp-endpoint').textContent = b.endpoint;
      const body = document.getElementById('mcp-tokens');
      body.replaceChildren();
      b.tokens.forEach(function (t) {
        const tr = document.createElement('tr');
        tr.append(cell(t.name), cell(t.scope), cell(t.facets.length ? t.facets.join(', ') : 'all'),
          cell(new Date(t.created_at).toLocaleString()));
        const td = document.createElement('td');
        const revoke = document.createElement('button');
        revoke.type = 'button';
        revoke.textContent = 'Revoke';
        revoke.dataset.id = t.id;
        revoke.addEventListener('click', function () {
          window.engram.api('DELETE', API + '/tokens/' + encodeURIComponent(t.id)).then(function () {
            status('Token ' + t.name + ' revoked.', false);
            return loadTokens();
          }).catch(function (e) { status(e.message, true); });
        });
        td.append(revoke);
        tr.append(td);
        body.append(tr);
      });
      if (!b.tokens.length) {
        const tr = document.createElement('tr');
        const td = cell('No tokens yet.');
        td.colSpan = 5;
        tr.append(td);
        body.append(tr);
      }
    }).catch(function (e) { status(e.message, true); });
  }

  function loadCalls() {
    return window.engram.api('GET', API + '/calls?limit=50').then(function (b) {
      const body = document.getElementById('mcp-calls');
      body.replaceChildren();
      b.calls.forEach(function (c) {
        const tr = document.createElement('tr');
        if (c.status !== 'ok') { tr.className = 'mcp-error-row'; }
        tr.append(cell(c.time.replace('T', ' ').slice(0, 19)), cell(c.client), cell(c.transport), cell(c.name),
          cell(c.status), cell(String(c.millis)));
        body.append(tr);
      });
    }).catch(function (e) { status(e.message, true); });
  }

  document.getElementById('mcp-new').addEventListener('submit', function (ev) {
    ev.preventDefault();
    const f = ev.target;
    const facets = f.facets.value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
    window.engram.api('POST', API + '/tokens', { name: f.name.value, scope: f.scope.value, facets: facets })
      .then(function (t) {
        document.getElementById('mcp-secret-value').textContent = t.secret;
        document.getElementById('mcp-secret').hidden = false;
        status('Token ' + t.name + ' created.', false);
        f.reset();
        return loadTokens();
      }).catch(function (e) { status(e.message, true); });
  });

  loadTokens();
  loadCalls();
})();
