// Calendar: month, week and day views of the facets' events and anticipations, each coloured by its facet. The view
// and day live in the URL (/app/calendar?view=week&day=YYYYMMDD), so every view can be bookmarked and back/forward
// move between them. Clicking an event shows it with the places it was mentioned (its source segment in Transcripts,
// the recorded segments overlapping it) and lets the owner edit it; "+ Add event" adds one. Journal text is always
// inserted as text. Redraws on the bus event journal.changed of kind events, so changes made elsewhere show at once.
(function () {
  'use strict';
  const root = document.getElementById('calendar-app');
  if (!root) { return; }
  const engram = window.engram;
  const el = engram.el;
  const apps = window.engramApps;
  const api = '/app/calendar/api';
  const VIEWS = ['month', 'week', 'day'];
  const MONTH_CHIPS = 3;
  const state = { view: 'month', day: engram.today(), facets: [] };
  const dialog = document.getElementById('cal-dialog');
  const form = document.getElementById('cal-form');
  let editing = null;
  let loadTimer = null;

  function facet() {
    return typeof window.selectedFacet === 'string' ? window.selectedFacet : (root.dataset.facet || '');
  }

  function status(text, error) {
    const s = document.getElementById('cal-status');
    s.textContent = text || '';
    s.classList.toggle('cal-error', !!error);
  }

  function readUrl() {
    const q = new URLSearchParams(location.search);
    state.view = VIEWS.indexOf(q.get('view')) >= 0 ? q.get('view') : 'month';
    state.day = engram.parseDay(q.get('day') || '') ? q.get('day').replace(/-/g, '') : engram.today();
  }

  function go(view, day) {
    state.view = view;
    state.day = day;
    history.pushState(null, '', '/app/calendar?view=' + view + '&day=' + day);
    load();
  }

  function addDays(key, n) {
    const d = engram.parseDay(key);
    d.setDate(d.getDate() + n);
    return engram.dayKey(d);
  }

  function weekStartOf(key) {
    const d = engram.parseDay(key);
    const back = (d.getDay() - engram.weekStart() + 7) % 7;
    return addDays(key, -back);
  }

  // The days the view shows: a month is the whole weeks around it (at most 42 days).
  function range() {
    if (state.view === 'day') { return { from: state.day, to: state.day }; }
    if (state.view === 'week') { const f = weekStartOf(state.day); return { from: f, to: addDays(f, 6) }; }
    const first = state.day.slice(0, 6) + '01';
    const d = engram.parseDay(first);
    const last = engram.dayKey(new Date(d.getFullYear(), d.getMonth() + 1, 0));
    const from = weekStartOf(first);
    const to = addDays(weekStartOf(last), 6);
    return { from: from, to: to };
  }

  function step(n) {
    if (state.view === 'day') { return addDays(state.day, n); }
    if (state.view === 'week') { return addDays(state.day, 7 * n); }
    const d = engram.parseDay(state.day.slice(0, 6) + '01');
    return engram.dayKey(new Date(d.getFullYear(), d.getMonth() + n, 1));
  }

  function title(r) {
    if (state.view === 'month') { return engram.formatMonth(state.day.slice(0, 6)); }
    if (state.view === 'week') { return engram.formatDay(r.from) + ' – ' + engram.formatDay(r.to); }
    return engram.formatDay(state.day, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  }

  function when(ev, short) {
    if (!ev.start) { return ''; }
    return apps.formatTime(ev.start) + (ev.end && !short ? '–' + apps.formatTime(ev.end) : '');
  }

  function colour(node, ev) { if (ev.color) { node.style.setProperty('--facet-color', ev.color); } }

  function chip(ev, long) {
    const b = el('button', 'cal-event' + (ev.anticipated ? ' cal-planned' : '') + (long ? ' cal-event-row' : ''));
    b.type = 'button';
    b.dataset.id = ev.id;
    b.dataset.facet = ev.facet;
    colour(b, ev);
    if (ev.start) { b.append(el('span', 'cal-time', when(ev, state.view === 'month'))); }
    b.append(el('span', 'cal-event-title', ev.title));
    b.append(el('span', 'cal-facet', (ev.emoji ? ev.emoji + ' ' : '') + ev.facet_title));
    if (ev.anticipated) { b.append(el('span', 'cal-tag', 'planned')); }
    if (long && ev.summary) { b.append(el('span', 'cal-summary', ev.summary)); }
    if (long && ev.participants.length) { b.append(el('span', 'cal-people', ev.participants.join(', '))); }
    b.title = ev.title + ' · ' + ev.facet_title + (ev.anticipated ? ' (planned)' : '');
    b.addEventListener('click', function () { openEvent(ev); });
    return b;
  }

  function byDay(events) {
    const m = {};
    events.forEach(function (e) { (m[e.day] = m[e.day] || []).push(e); });
    return m;
  }

  function dayLink(key, text, cls) {
    const a = el('a', cls, text);
    a.href = '/app/calendar?view=day&day=' + key;
    a.addEventListener('click', function (e) { e.preventDefault(); go('day', key); });
    return a;
  }

  function renderMonth(data, box) {
    const grid = el('div', 'cal-month');
    engram.weekdays().forEach(function (w) { grid.append(el('div', 'cal-wd', w)); });
    const days = byDay(data.events);
    const month = state.day.slice(0, 6);
    for (let k = data.from; k <= data.to; k = addDays(k, 1)) {
      const cell = el('div', 'cal-cell' + (k.slice(0, 6) !== month ? ' cal-out' : '') + (k === engram.today() ? ' cal-today' : ''));
      cell.dataset.day = k;
      cell.append(dayLink(k, String(Number(k.slice(6))), 'cal-daynum'));
      const list = days[k] || [];
      list.slice(0, MONTH_CHIPS).forEach(function (ev) { cell.append(chip(ev, false)); });
      if (list.length > MONTH_CHIPS) { cell.append(dayLink(k, '+' + (list.length - MONTH_CHIPS) + ' more', 'cal-more')); }
      grid.append(cell);
    }
    box.append(grid);
  }

  function renderWeek(data, box) {
    const grid = el('div', 'cal-week');
    const days = byDay(data.events);
    for (let k = data.from; k <= data.to; k = addDays(k, 1)) {
      const col = el('section', 'cal-col' + (k === engram.today() ? ' cal-today' : ''));
      col.dataset.day = k;
      const h = el('h3', 'cal-col-head');
      h.append(dayLink(k, engram.formatDay(k, { weekday: 'short', day: 'numeric', month: 'short', year: undefined })));
      col.append(h);
      (days[k] || []).forEach(function (ev) { col.append(chip(ev, false)); });
      if (!(days[k] || []).length) { col.append(el('p', 'cal-empty', '—')); }
      grid.append(col);
    }
    box.append(grid);
  }

  function renderDay(data, box) {
    const list = el('div', 'cal-daylist');
    data.events.forEach(function (ev) { list.append(chip(ev, true)); });
    if (!data.events.length) { list.append(el('p', 'cal-empty', 'No events on this day.')); }
    box.append(list);
  }

  function render(data) {
    state.facets = data.facets;
    apps.showSetup(document.getElementById('cal-setup'), data.setup);
    apps.showWarnings(document.getElementById('cal-warnings'), data.warnings || []);
    document.getElementById('cal-title').textContent = title(data);
    root.querySelectorAll('.cal-views button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.view === state.view));
    });
    const box = document.getElementById('cal-body');
    box.replaceChildren();
    box.className = 'cal-body cal-' + state.view + '-view';
    if (state.view === 'month') { renderMonth(data, box); } else if (state.view === 'week') { renderWeek(data, box); } else { renderDay(data, box); }
    const n = data.events.length;
    status(n ? apps.plural(n, 'event') : (data.facets.length ? 'No events in this ' + state.view + '.' : 'No facets yet: create one in Settings.'));
  }

  function load() {
    const r = range();
    const q = '?from=' + r.from + '&to=' + r.to + (facet() ? '&facet=' + encodeURIComponent(facet()) : '');
    return engram.api('GET', api + '/events' + q).then(function (data) {
      render(data);
      root.dataset.loaded = String(Number(root.dataset.loaded || 0) + 1);
    }).catch(function (e) { status(e.message, true); });
  }

  function later() {
    clearTimeout(loadTimer);
    loadTimer = setTimeout(load, 150);
  }

  // ---- the dialog: one event, and the add/edit form ----

  function eventUrl(ev) { return api + '/event/' + ev.day + '/' + encodeURIComponent(ev.facet) + '/' + ev.id; }

  function field(dl, name, value) {
    if (!value) { return; }
    dl.append(el('dt', null, name), el('dd', null, value));
  }

  function openEvent(ev) {
    const detail = document.getElementById('cal-detail');
    form.hidden = true;
    detail.hidden = false;
    detail.replaceChildren(el('p', 'cal-empty', 'Loading…'));
    document.getElementById('cal-dialog-title').textContent = ev.title;
    colour(dialog, ev);
    if (!dialog.open) { dialog.showModal(); }
    engram.api('GET', eventUrl(ev)).then(function (r) { showEvent(r.event, r.mentions); })
      .catch(function (e) { detail.replaceChildren(el('p', 'cal-error', e.message)); });
  }

  function showEvent(ev, mentions) {
    const detail = document.getElementById('cal-detail');
    detail.replaceChildren();
    const dl = el('dl', 'cal-fields');
    field(dl, 'When', engram.formatDay(ev.day, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })
      + (ev.start ? ', ' + when(ev) : ''));
    field(dl, 'Facet', (ev.emoji ? ev.emoji + ' ' : '') + ev.facet_title);
    field(dl, 'Kind', (ev.anticipated ? 'planned' : 'happened') + (ev.type ? ' · ' + ev.type : ''));
    field(dl, 'Summary', ev.summary);
    field(dl, 'Participants', ev.participants.join(', '));
    field(dl, 'Details', ev.details);
    field(dl, 'Found in', ev.source);
    if (ev.owner_edited) { field(dl, 'Edited', ev.source ? 'edited by you (a re-run keeps your version)' : 'added by you'); }
    detail.append(dl);
    const links = el('ul', 'cal-mentions');
    mentions.forEach(function (m) {
      const li = el('li', 'cal-mention cal-mention-' + m.kind);
      const a = el('a', null, m.label);
      a.href = m.url;
      li.append(a);
      links.append(li);
    });
    detail.append(el('h4', null, 'Mentioned in'), links);
    const buttons = el('div', 'cal-form-buttons');
    const edit = el('button', 'cal-edit', 'Edit');
    edit.type = 'button';
    edit.addEventListener('click', function () { startForm(ev); });
    buttons.append(edit);
    if (!ev.source) {
      const del = el('button', 'cal-delete', 'Delete');
      del.type = 'button';
      del.addEventListener('click', function () {
        engram.api('DELETE', eventUrl(ev)).then(function () { dialog.close(); status('Deleted.'); load(); })
          .catch(function (e) { status(e.message, true); });
      });
      buttons.append(del);
    }
    detail.append(buttons);
  }

  function hhmm(t) { return t ? t.slice(0, 5) : ''; }

  function startForm(ev) {
    editing = ev;
    document.getElementById('cal-detail').hidden = true;
    form.hidden = false;
    document.getElementById('cal-form-error').textContent = '';
    document.getElementById('cal-dialog-title').textContent = ev ? 'Edit event' : 'Add event';
    const select = form.elements.facet;
    select.replaceChildren();
    state.facets.forEach(function (f) {
      const o = el('option', null, (f.emoji ? f.emoji + ' ' : '') + (f.title || f.name));
      o.value = f.name;
      select.append(o);
    });
    const day = ev ? ev.day : state.day;
    form.elements.title.value = ev ? ev.title : '';
    form.elements.day.value = day.slice(0, 4) + '-' + day.slice(4, 6) + '-' + day.slice(6);
    form.elements.start.value = ev ? hhmm(ev.start) : '';
    form.elements.end.value = ev ? hhmm(ev.end) : '';
    select.value = ev ? ev.facet : (facet() || (state.facets[0] || {}).name || '');
    form.elements.type.value = ev ? ev.type : '';
    form.elements.occurred.checked = ev ? ev.occurred : day < engram.today();
    form.elements.participants.value = ev ? ev.participants.join(', ') : '';
    form.elements.summary.value = ev ? ev.summary : '';
    form.elements.details.value = ev ? ev.details : '';
    if (!dialog.open) { dialog.showModal(); }
    form.elements.title.focus();
  }

  function formBody() {
    const f = form.elements;
    const body = {
      title: f.title.value, day: f.day.value.replace(/-/g, ''), facet: f.facet.value,
      start: f.start.value, end: f.end.value, summary: f.summary.value, details: f.details.value,
      occurred: f.occurred.checked,
      participants: f.participants.value.split(',').map(function (s) { return s.trim(); }).filter(Boolean)
    };
    if (f.type.value.trim()) { body.type = f.type.value.trim(); }
    return body;
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    const body = formBody();
    const req = editing ? engram.api('PATCH', eventUrl(editing), body) : engram.api('POST', api + '/events', body);
    req.then(function (r) {
      status(editing ? 'Saved.' : 'Added.');
      editing = null;
      openEvent(r.event);
      load();
    }).catch(function (err) { document.getElementById('cal-form-error').textContent = err.message; });
  });
  document.getElementById('cal-cancel').addEventListener('click', function () {
    if (editing) { const ev = editing; editing = null; openEvent(ev); } else { dialog.close(); }
  });
  document.getElementById('cal-dialog-close').addEventListener('click', function () { dialog.close(); });
  dialog.addEventListener('close', function () { editing = null; });

  // ---- navigation ----

  document.getElementById('cal-prev').addEventListener('click', function () { go(state.view, step(-1)); });
  document.getElementById('cal-next').addEventListener('click', function () { go(state.view, step(1)); });
  document.getElementById('cal-today').addEventListener('click', function () { go(state.view, engram.today()); });
  document.getElementById('cal-add').addEventListener('click', function () { startForm(null); });
  root.querySelectorAll('.cal-views button').forEach(function (b) {
    b.addEventListener('click', function () { go(b.dataset.view, state.day); });
  });
  window.addEventListener('popstate', function () { readUrl(); load(); });
  window.addEventListener('facet.switch', function () { load(); });
  window.appEvents.listen('journal', function (m) {
    if (m.event === 'changed' && (m.kind === 'events' || m.kind === 'facet' || m.kind === 'missed')) { later(); }
  });
  readUrl();
  history.replaceState(null, '', '/app/calendar?view=' + state.view + '&day=' + state.day);
  load();
})();
