// Observers: list (key prefix only), create (key shown once, copy buttons), revoke, disable/enable, upload history,
// live status from observe.status events (relayed ones, and the local tmux observer's from the bus), failed uploads.
// Everything is inserted as text. Calls /app/observers/api/*.
(function () {
  'use strict';
  const root = document.getElementById('observers-app');
  if (!root) { return; }
  const API = '/app/observers/api';
  const el = window.engram.el;
  const apps = window.engramApps; // plural, days and times in the browser's locale
  let selected = null;

  function csrf() {
    const m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  }
  function call(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') { headers['X-CSRF-Token'] = csrf(); headers['Content-Type'] = 'application/json'; }
    return fetch(API + path, { method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (b) {
          if (!r.ok) { throw new Error((b.error || ('HTTP ' + r.status)) + (b.detail ? ': ' + b.detail : '')); }
          return b;
        });
      });
  }
  function status(text, isError) {
    const s = document.getElementById('ob-status');
    s.textContent = text;
    s.classList.toggle('ob-error', !!isError);
  }
  function bytes(n) {
    if (n < 1024) { return n + ' B'; }
    if (n < 1048576) { return (n / 1024).toFixed(1) + ' KiB'; }
    return (n / 1048576).toFixed(1) + ' MiB';
  }
  // A status is what a device sent: the server keeps only its well-typed fields, and the page still shows only
  // values of the expected type, so one device's odd status can never break the table.
  function text(v) { return typeof v === 'string' ? v.trim() : ''; }
  function count(v) { return typeof v === 'number' && isFinite(v) && v >= 0 ? v : null; }
  function liveText(s) {
    if (!s || typeof s !== 'object') { return ''; }
    const parts = [];
    if (text(s.mode)) { parts.push(text(s.mode)); }
    const tmux = s.tmux && typeof s.tmux === 'object' ? s.tmux : {};
    const sessions = Array.isArray(tmux.sessions) ? tmux.sessions.map(text).filter(Boolean) : [];
    if (sessions.length) { parts.push('tmux: ' + sessions.join(', ')); }
    if (count(s.pending_queue_depth) !== null) { parts.push('queue ' + s.pending_queue_depth); }
    if (text(s.host)) { parts.push(text(s.host)); }
    return parts.join(' · ');
  }

  // '40 s ago', '5 min ago', '3 h ago', '2 days ago'
  function ago(ms) {
    const s = Math.floor(ms / 1000);
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ago'; }
    return apps.plural(Math.floor(s / 86400), 'day') + ' ago';
  }

  // The live-status cell: as sent while the observer is connected; otherwise dimmed, with the status's age, so a
  // silent (or disabled) observer's last status is not read as what it does now.
  function liveCell(o, state) {
    const live = liveText(o.status);
    const td = el('td', 'ob-live', live);
    if (live && state !== 'connected') {
      td.classList.add('ob-live-old');
      if (count(o.status_age_ms) !== null) {
        td.append(el('span', 'ob-age', ' · last status ' + ago(o.status_age_ms)));
      }
    }
    return td;
  }

  function cell(child) {
    const td = el('td');
    td.append(child);
    return td;
  }

  // observers on this computer that put their status on the bus (engram observe tmux): live, no key, no actions
  function renderLocal(body, locals) {
    locals.forEach(function (o) {
      const tr = el('tr', 'ob-row ob-local-row');
      tr.dataset.local = String(o.name);
      try {
        tr.append(el('td', 'ob-name', o.name), el('td', null, 'this computer'),
          cell(el('span', 'ob-fresh ob-fresh-' + (o.freshness === 'stopped' ? 'disconnected' : o.freshness),
            o.freshness)), el('td', null, '—'), el('td', null, '—'), el('td', null, '—'), el('td', null, '—'),
          liveCell(o, o.freshness), el('td'));
      } catch (e) {
        const td = el('td', null, 'This observer cannot be shown: ' + e.message);
        td.colSpan = 8;
        tr.replaceChildren(el('td', 'ob-name', String(o.name)), td);
      }
      body.append(tr);
    });
  }

  function render(list, locals) {
    const body = document.getElementById('ob-list');
    body.replaceChildren();
    renderLocal(body, locals || []);
    if (!list.length && (locals || []).length) { return; }
    if (!list.length) {
      const td = el('td', null, 'No observers yet: create one below.');
      td.colSpan = 9;
      const tr = el('tr');
      tr.append(td);
      body.append(tr);
      return;
    }
    list.forEach(function (o) {
      try {
        body.append(row(o));
      } catch (e) { // never reached with the server's data; if it were, the other rows and this one's actions stay
        const tr = el('tr', 'ob-row ob-row-broken');
        tr.dataset.prefix = String(o.key_prefix);
        const td = el('td', null, 'This observer cannot be shown: ' + e.message);
        td.colSpan = 7;
        tr.append(el('td', 'ob-name', String(o.name)), td, actions(o));
        body.append(tr);
      }
    });
  }

  function row(o) {
    const tr = el('tr', 'ob-row');
    tr.dataset.prefix = o.key_prefix;
    // revoked and disabled outrank freshness: a disabled observer may still look connected by its last status
    const state = o.revoked ? 'revoked' : (!o.enabled ? 'disabled' : o.freshness);
    const stateCell = cell(el('span', 'ob-fresh ob-fresh-' + state, state));
    if (state === 'stale' || state === 'disconnected') { // since when: a silent observer's first question
      stateCell.append(el('span', 'ob-seen', count(o.last_seen_age_ms) !== null
        ? ' · seen ' + ago(o.last_seen_age_ms) : ' · never seen'));
    }
    if (o.failed_uploads) {
      const warn = el('button', 'ob-failed-count', o.failed_uploads + ' failed');
      warn.type = 'button';
      warn.title = 'Uploads that could not become a segment (kept, never lost)';
      warn.addEventListener('click', function () { selected = o; loadHistory(''); });
      stateCell.append(' ', warn);
    }
    tr.append(el('td', 'ob-name', o.name), cell(el('code', null, o.key_prefix + '…')), stateCell,
      el('td', null, o.last_segment || '—'), el('td', null, String(o.stats.segments_received)),
      el('td', null, bytes(o.stats.bytes_received)), el('td', null, String(o.stats.duplicates_rejected)),
      liveCell(o, state), actions(o));
    return tr;
  }

  function actions(o) {
    const td = el('td', 'ob-actions');
    const hist = el('button', 'ob-hist', 'History');
    hist.type = 'button';
    hist.addEventListener('click', function () { selected = o; loadHistory(''); });
    td.append(hist);
    if (!o.revoked) {
      const toggle = el('button', 'ob-toggle', o.enabled ? 'Disable' : 'Enable');
      toggle.type = 'button';
      toggle.addEventListener('click', function () {
        call('POST', '/' + o.key_prefix + '/enabled', { enabled: !o.enabled })
          .then(function () { status((o.enabled ? 'Disabled ' : 'Enabled ') + o.name, false); load(); })
          .catch(function (e) { status(e.message, true); load(); }); // e.g. revoked in another tab: show it
      });
      const revoke = el('button', 'ob-revoke', 'Revoke');
      revoke.type = 'button';
      revoke.addEventListener('click', function () {
        if (!window.confirm('Revoke ' + o.name + '? Its key stops working at once.')) { return; }
        call('POST', '/' + o.key_prefix + '/revoke')
          .then(function () { status('Revoked ' + o.name, false); load(); })
          .catch(function (e) { status(e.message, true); load(); });
      });
      td.append(' ', toggle, ' ', revoke);
    }
    return td;
  }

  function load() {
    return Promise.all([call('GET', '/list'), call('GET', '/local')])
      .then(function (r) { render(r[0], r[1]); }).catch(function (e) { status(e.message, true); });
  }

  function loadFailed() {
    const o = selected;
    document.getElementById('ob-failed-name').textContent = '— ' + o.name;
    call('GET', '/' + o.key_prefix + '/failed').then(function (f) {
      const ul = document.getElementById('ob-failed');
      ul.replaceChildren();
      if (!f.failed.length) { ul.append(el('li', null, 'None: every upload became a segment.')); }
      f.failed.forEach(function (u) {
        const when = new Date(u.at);
        const li = el('li', 'ob-failed-item');
        li.append(el('strong', null, u.day + '/' + u.segment), ' ',
          el('span', 'ob-when', engram.formatDateTime(when)), ' · ',
          (u.files || []).join(', ') + ' · ' + bytes(u.bytes) + ' · ',
          u.kept ? el('code', 'ob-failed-path', u.failed_path)
            : el('span', 'ob-removed', 'removed (only the newest are kept): ' + u.failed_path),
          el('div', 'ob-reason', 'Why: ' + u.reason));
        ul.append(li);
      });
    }).catch(function (e) { status(e.message, true); });
  }

  function loadHistory(day) {
    if (!selected) { return; }
    if (!day) { loadFailed(); }
    document.getElementById('ob-hist-name').textContent = '— ' + selected.name;
    call('GET', '/' + selected.key_prefix + '/history' + (day ? '?day=' + day : '')).then(function (h) {
      const sel = document.getElementById('ob-hist-day');
      sel.replaceChildren();
      h.days.forEach(function (d) {
        const opt = el('option', null, apps.formatDay(d));
        opt.value = d;
        opt.selected = d === h.day;
        sel.append(opt);
      });
      document.getElementById('ob-hist-daybox').hidden = !h.days.length;
      const ul = document.getElementById('ob-history');
      ul.replaceChildren();
      if (!h.records.length) { ul.append(el('li', null, 'No uploads.')); }
      h.records.forEach(function (r) {
        const when = new Date(r.ts);
        const text = r.type === 'observed' ? r.segment + ' observed'
          : r.segment + (r.segment_original ? ' (sent as ' + r.segment_original + ')' : '') + ': '
            + (r.files || []).map(function (f) { return f.written + ' ' + bytes(f.size); }).join(', ');
        const li = el('li', 'ob-record');
        li.append(el('span', 'ob-when', apps.formatTime(when)), ' ' + text);
        ul.append(li);
      });
    }).catch(function (e) { status(e.message, true); });
  }
  document.getElementById('ob-hist-day').addEventListener('change', function (ev) { loadHistory(ev.target.value); });

  document.getElementById('ob-create').addEventListener('submit', function (ev) {
    ev.preventDefault();
    const name = ev.target.elements['name'].value;
    call('POST', '/create', { name: name }).then(function (c) {
      document.getElementById('ob-key').value = c.key;
      document.getElementById('ob-url').value = c.ingest_url;
      document.getElementById('ob-server').textContent = c.observer_url;
      document.getElementById('ob-created').hidden = false;
      ev.target.reset();
      status('Created ' + c.name + ' (' + c.key_prefix + '…)', false);
      load();
    }).catch(function (e) {
      // the box of an earlier observer next to this error would read as this one's key
      document.getElementById('ob-created').hidden = true;
      document.getElementById('ob-key').value = '';
      document.getElementById('ob-url').value = '';
      status(e.message, true);
    });
  });
  root.querySelectorAll('.ob-copy').forEach(function (b) {
    b.addEventListener('click', function () {
      const input = document.getElementById(b.dataset.copy);
      input.select();
      const done = function () { status('Copied', false); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand('copy'); done(); });
      } else { document.execCommand('copy'); done(); }
    });
  });
  const local = document.getElementById('ob-local');
  call('GET', '/settings').then(function (s) { local.checked = s.local_registration; });
  local.addEventListener('change', function () {
    const wanted = local.checked;
    local.disabled = true; // one switch at a time, so a failure knows which state to go back to
    call('PUT', '/settings', { local_registration: wanted })
      .then(function (s) {
        local.checked = s.local_registration;
        status(s.local_registration ? 'Registration from this computer is on'
          : 'Registration from this computer is off', false);
      })
      .catch(function (e) { local.checked = !wanted; status(e.message, true); }) // the setting did not change
      .then(function () { local.disabled = false; });
  });

  // live: a status or a new segment refreshes the list (at most every second)
  let pending = false;
  function refreshSoon() {
    if (pending) { return; }
    pending = true;
    setTimeout(function () { pending = false; load(); }, 1000);
  }
  if (window.appEvents && typeof window.appEvents.listen === 'function') {
    window.appEvents.listen('observe', function (m) {
      if ((m.event === 'status' || m.event === 'observing' || m.event === 'observed') && (m.remote || m.observer)) {
        refreshSoon();
      }
    });
  }
  setInterval(load, 15000); // freshness changes with time alone
  load();
})();
