// Settings: identity, facets, password and the action log, all through /app/settings/api/*. State-changing requests
// send the CSRF token from <meta name="csrf-token"> as X-CSRF-Token.
(function () {
  'use strict';
  const root = document.getElementById('settings-app');
  if (!root) { return; }
  const API = '/app/settings/api';

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
          if (!r.ok) { throw new Error(b.error || ('HTTP ' + r.status)); }
          return b;
        });
      });
  }

  function status(text, isError) {
    const s = document.getElementById('st-status');
    s.textContent = text;
    s.classList.toggle('st-error', !!isError);
  }

  const el = window.engram.el;

  // ---- tabs ----
  root.querySelectorAll('.st-tab').forEach(function (tab) {
    tab.addEventListener('click', function () {
      root.querySelectorAll('.st-tab').forEach(function (t) { t.classList.toggle('st-tab-on', t === tab); });
      root.querySelectorAll('.st-panel').forEach(function (p) { p.hidden = p.dataset.panel !== tab.dataset.tab; });
      status('', false); // a message belongs to the tab it was shown on
      if (tab.dataset.tab === 'actions') { loadActions(); }
      if (tab.dataset.tab === 'facets') { loadFacets(); }
    });
  });

  // ---- identity ----
  const idForm = document.getElementById('st-identity');
  function fillIdentity(i) {
    const f = idForm.elements;
    f['name'].value = i.name; f['preferred'].value = i.preferred; f['bio'].value = i.bio;
    f['timezone'].value = i.timezone;
    f['aliases'].value = i.aliases.join(', '); f['email_addresses'].value = i.email_addresses.join(', ');
    ['subject', 'object', 'possessive', 'reflexive'].forEach(function (k) { f['pronouns.' + k].value = i.pronouns[k]; });
  }
  function list(text) { return text.split(',').map(function (s) { return s.trim(); }).filter(Boolean); }
  idForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    const f = idForm.elements;
    const body = { name: f['name'].value, preferred: f['preferred'].value, bio: f['bio'].value,
      timezone: f['timezone'].value, aliases: list(f['aliases'].value), email_addresses: list(f['email_addresses'].value),
      pronouns: {} };
    ['subject', 'object', 'possessive', 'reflexive'].forEach(function (k) { body.pronouns[k] = f['pronouns.' + k].value; });
    call('PUT', '/identity', body).then(function (r) {
      fillIdentity(r.identity);
      status(r.changed.length ? 'Saved: ' + r.changed.join(', ') : 'Nothing changed.');
    }).catch(function (e) { status(e.message, true); });
  });

  // ---- facets ----
  function facetRow(fc) {
    const li = el('li', 'st-facet' + (fc.muted ? ' st-muted' : ''));
    li.dataset.facet = fc.name;
    const form = el('form', 'st-facet-form');
    const emoji = el('input'); emoji.name = 'emoji'; emoji.value = fc.emoji; emoji.size = 3; emoji.maxLength = 16;
    emoji.setAttribute('aria-label', 'Emoji');
    const title = el('input'); title.name = 'title'; title.value = fc.title; title.required = true;
    title.setAttribute('aria-label', 'Title');
    const color = el('input'); color.type = 'color'; color.name = 'color'; color.value = fc.color || '#888888';
    color.setAttribute('aria-label', 'Color');
    const desc = el('input', 'st-desc'); desc.name = 'description'; desc.value = fc.description;
    desc.placeholder = 'Description'; desc.setAttribute('aria-label', 'Description');
    const save = el('button', 'st-primary', 'Save'); save.type = 'submit';
    const mute = el('button', 'st-mute', fc.muted ? 'Unmute' : 'Mute'); mute.type = 'button';
    form.append(el('code', 'st-facet-name', fc.name), emoji, title, color, desc, save, mute);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      call('PUT', '/facets/' + encodeURIComponent(fc.name), { title: title.value, emoji: emoji.value,
        color: color.value, description: desc.value })
        .then(function () { status('Saved facet ' + fc.name + '.'); loadFacets(); facetsChanged(); })
        .catch(function (e) { status(e.message, true); });
    });
    mute.addEventListener('click', function () {
      call('PUT', '/facets/' + encodeURIComponent(fc.name), { muted: !fc.muted })
        .then(function () { status((fc.muted ? 'Unmuted ' : 'Muted ') + fc.name + '.'); loadFacets(); facetsChanged(); })
        .catch(function (e) { status(e.message, true); });
    });
    li.append(form);
    return li;
  }
  // Tells the shell (facet bar) that facets changed, without waiting for the bus event.
  function facetsChanged() {
    window.dispatchEvent(new CustomEvent('engram:facets-changed'));
  }
  function loadFacets() {
    call('GET', '/facets').then(function (r) {
      const ul = document.getElementById('st-facets');
      ul.replaceChildren();
      if (!r.facets.length) { ul.append(el('li', 'st-empty', 'No facets yet. Create one below.')); }
      r.facets.forEach(function (fc) { ul.append(facetRow(fc)); });
    }).catch(function (e) { status(e.message, true); });
  }
  const newFacet = document.getElementById('st-new-facet');
  newFacet.addEventListener('submit', function (ev) {
    ev.preventDefault();
    const f = newFacet.elements;
    const body = { name: f['name'].value.trim(), color: f['color'].value, emoji: f['emoji'].value };
    if (f['title'].value.trim()) { body.title = f['title'].value; }
    call('POST', '/facets', body).then(function (fc) {
      status('Created facet ' + fc.name + '.'); newFacet.reset(); loadFacets(); facetsChanged();
    }).catch(function (e) { status(e.message, true); });
  });

  // ---- password ----
  const pw = document.getElementById('st-password');
  pw.addEventListener('submit', function (ev) {
    ev.preventDefault();
    const f = pw.elements;
    if (f['new'].value !== f['repeat'].value) { status('The new passwords differ.', true); return; }
    call('POST', '/password', { current: f['current'].value, new: f['new'].value })
      .then(function () {
        // A new password ends every session, this one too.
        pw.reset();
        status('Password changed. Log in again with the new password.');
        setTimeout(function () { window.location.href = '/login?next=' + encodeURIComponent('/app/settings/'); }, 1500);
      })
      .catch(function (e) { status(e.message, true); });
  });

  // ---- action log ----
  const dayInput = document.getElementById('st-actions-day');
  function loadActions() {
    if (!dayInput.value) { dayInput.valueAsDate = new Date(new Date().getTime() - new Date().getTimezoneOffset() * 60000); }
    call('GET', '/actions?day=' + dayInput.value.replace(/-/g, '')).then(function (r) {
      const body = document.getElementById('st-actions');
      body.replaceChildren();
      if (!r.actions.length) { const tr = el('tr'); const td = el('td', 'st-empty', 'Nothing logged on this day.'); td.colSpan = 3; tr.append(td); body.append(tr); }
      r.actions.slice().reverse().forEach(function (a) {
        const tr = el('tr', 'st-action');
        tr.dataset.action = a.action;
        const at = new Date(a.timestamp);
        const time = el('td', 'st-time', isNaN(at) ? (a.timestamp || '') : window.engramApps.formatTime(at));
        time.title = a.timestamp || '';
        tr.append(time, el('td', 'st-actor', a.actor + (a.source && a.source !== 'app' ? ' (' + a.source + ')' : '')),
          el('td', 'st-what', window.engramSettings.describeAction(a)));
        body.append(tr);
      });
    }).catch(function (e) { status(e.message, true); });
  }
  dayInput.addEventListener('change', loadActions);

  call('GET', '/identity').then(fillIdentity).catch(function (e) { status(e.message, true); });
  loadFacets();
})();
