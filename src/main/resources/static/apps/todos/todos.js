// Todos: the day's checklist per facet (add, edit, complete, cancel, reopen, drag to reorder), carrying unfinished
// todos over to today, and the upcoming open todos. Journal text is always inserted as text. Reloads on the bus
// event journal.changed of kind todos, so changes made elsewhere (agents, MCP, another tab) show at once.
(function () {
  'use strict';
  const root = document.getElementById('todos-app');
  if (!root) { return; }
  const el = window.engram.el;
  const apps = window.engramApps;
  const day = root.dataset.day || window.engram.today();
  const base = '/app/todos/api';
  let editing = false;
  let stale = false;

  function facet() {
    return typeof window.selectedFacet === 'string' ? window.selectedFacet : (root.dataset.facet || '');
  }

  function status(text, error) {
    const s = document.getElementById('todos-status');
    s.textContent = text || '';
    s.classList.toggle('td-error', !!error);
  }

  function fail(err) { status(err && err.message ? err.message : String(err), true); }

  function change(method, url, body, done) {
    return window.engram.api(method, url, body).then(function (r) {
      if (done) { status(done); }
      return load();
    }).catch(fail);
  }

  function todoUrl(f, t) { return base + '/day/' + day + '/' + encodeURIComponent(f) + '/' + t.id; }

  function note(t) {
    if (t.moved_to) { return 'moved to ' + apps.formatDay(t.moved_to); }
    if (t.carried_from) { return 'carried over from ' + apps.formatDay(t.carried_from.split('#')[0]); }
    return '';
  }

  function startEdit(li, f, t) {
    editing = true;
    const form = el('form', 'td-edit');
    const text = el('input');
    text.name = 'text'; text.value = t.text; text.required = true; text.maxLength = 1000;
    text.setAttribute('aria-label', 'Todo text');
    const time = el('input');
    time.type = 'time'; time.name = 'time'; time.value = t.time || '';
    time.setAttribute('aria-label', 'Time');
    const save = el('button', 'td-save', 'Save');
    save.type = 'submit';
    const cancel = el('button', 'td-cancel-edit', 'Cancel');
    cancel.type = 'button';
    form.append(text, time, save, cancel);
    const label = li.querySelector('.td-text');
    label.replaceWith(form);
    text.focus();
    function finish() { editing = false; if (stale) { stale = false; } load(); }
    cancel.addEventListener('click', finish);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      window.engram.api('PATCH', todoUrl(f, t), { text: text.value, time: time.value })
        .then(function () { status('Saved.'); finish(); }).catch(fail);
    });
  }

  function item(f, t) {
    const li = el('li', 'td-item td-' + t.status);
    li.dataset.id = t.id;
    li.draggable = true;
    li.append(el('span', 'td-handle', '⠿'));
    const box = el('input', 'td-check');
    box.type = 'checkbox';
    box.checked = t.status === 'done';
    box.disabled = t.status === 'cancelled';
    box.setAttribute('aria-label', (t.status === 'done' ? 'Reopen: ' : 'Done: ') + t.text);
    box.addEventListener('change', function () {
      change('PATCH', todoUrl(f, t), { status: box.checked ? 'done' : 'open' });
    });
    li.append(box);
    if (t.time) { li.append(el('span', 'td-time', apps.formatTime(t.time))); }
    const text = el('span', 'td-text', t.text);
    text.title = 'Click to edit';
    text.addEventListener('click', function () { if (!editing) { startEdit(li, f, t); } });
    li.append(text);
    const n = note(t);
    if (n) { li.append(el('span', 'td-note', n)); }
    if (t.status === 'open') {
      const c = el('button', 'td-cancel', 'Cancel');
      c.type = 'button';
      c.setAttribute('aria-label', 'Cancel: ' + t.text);
      c.addEventListener('click', function () { change('PATCH', todoUrl(f, t), { status: 'cancelled' }, 'Cancelled.'); });
      li.append(c);
    } else if (t.status === 'cancelled' && !t.moved_to) {
      const r = el('button', 'td-reopen', 'Reopen');
      r.type = 'button';
      r.addEventListener('click', function () { change('PATCH', todoUrl(f, t), { status: 'open' }); });
      li.append(r);
    }
    return li;
  }

  function dragOrder(ul, f) {
    let dragged = null;
    ul.addEventListener('dragstart', function (e) {
      dragged = e.target.closest('.td-item');
      if (dragged) { dragged.classList.add('td-dragging'); e.dataTransfer.effectAllowed = 'move'; }
    });
    ul.addEventListener('dragover', function (e) {
      const over = e.target.closest('.td-item');
      if (!dragged || !over || over === dragged) { return; }
      e.preventDefault();
      ul.querySelectorAll('.td-drop').forEach(function (x) { x.classList.remove('td-drop'); });
      over.classList.add('td-drop');
    });
    ul.addEventListener('drop', function (e) {
      const over = e.target.closest('.td-item');
      e.preventDefault();
      if (dragged && over && over !== dragged) { ul.insertBefore(dragged, over); saveOrder(ul, f); }
    });
    ul.addEventListener('dragend', function () {
      if (dragged) { dragged.classList.remove('td-dragging'); }
      ul.querySelectorAll('.td-drop').forEach(function (x) { x.classList.remove('td-drop'); });
      dragged = null;
    });
  }

  function saveOrder(ul, f) {
    const ids = Array.prototype.map.call(ul.querySelectorAll('.td-item'), function (li) { return Number(li.dataset.id); });
    change('PUT', base + '/day/' + day + '/' + encodeURIComponent(f) + '/order', { ids: ids }, 'Order saved.');
  }

  function addForm(f) {
    const form = el('form', 'td-add');
    const text = el('input');
    text.name = 'text'; text.placeholder = 'Add a todo…'; text.required = true; text.maxLength = 1000;
    text.setAttribute('aria-label', 'New todo for ' + f.title);
    const time = el('input');
    time.type = 'time'; time.name = 'time';
    time.setAttribute('aria-label', 'Time (optional)');
    const add = el('button', 'td-add-button', 'Add');
    add.type = 'submit';
    form.append(text, time, add);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      const body = { text: text.value };
      if (time.value) { body.time = time.value; }
      window.engram.api('POST', base + '/day/' + day + '/' + encodeURIComponent(f.name), body).then(function () {
        text.value = ''; time.value = ''; status('Added.');
        return load();
      }).catch(fail);
    });
    return form;
  }

  function renderDay(data) {
    apps.showSetup(document.getElementById('todos-setup'), data.setup);
    apps.showWarnings(document.getElementById('todos-warnings'), data.warnings || []);
    document.getElementById('todos-date').textContent = window.engram.formatDay(data.day,
      { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    document.getElementById('todos-carry').hidden = data.day !== data.today;
    const box = document.getElementById('todos-facets');
    box.replaceChildren();
    if (!data.facets.length) {
      box.append(el('p', 'td-empty', 'No facets yet: create one in Settings to keep todos in it.'));
      return;
    }
    data.facets.forEach(function (f) {
      const card = el('section', 'td-card td-facet');
      card.dataset.facet = f.name;
      if (f.color) { card.style.setProperty('--facet-color', f.color); }
      const h = el('h3', null, (f.emoji ? f.emoji + ' ' : '') + f.title + ' ');
      h.append(el('span', 'td-count', f.open + ' open'));
      card.append(h);
      const ul = el('ul', 'td-list');
      f.todos.forEach(function (t) { ul.append(item(f.name, t)); });
      if (!f.todos.length) { card.append(el('p', 'td-empty', 'Nothing to do.')); }
      dragOrder(ul, f.name);
      card.append(ul, addForm(f));
      box.append(card);
    });
  }

  function renderUpcoming(data) {
    const box = document.getElementById('todos-upcoming');
    box.replaceChildren();
    if (!data.todos.length) { box.append(el('p', 'td-empty', 'No open todos from today on.')); return; }
    let last = null;
    data.todos.forEach(function (t) {
      if (t.day !== last) {
        last = t.day;
        const h = el('h4', 'td-up-day');
        const a = el('a', null, apps.formatDay(t.day));
        a.href = '/app/todos/' + t.day;
        h.append(a);
        box.append(h);
      }
      const row = el('div', 'td-up-item');
      const dot = el('span', 'td-dot');
      if (t.color) { dot.style.setProperty('--facet-color', t.color); }
      dot.title = t.facet_title;
      row.append(dot);
      if (t.time) { row.append(el('span', 'td-time', apps.formatTime(t.time))); }
      row.append(el('span', 'td-text', t.text));
      box.append(row);
    });
    if (data.total > data.todos.length) {
      box.append(el('p', 'td-empty', (data.total - data.todos.length) + ' more'));
    }
  }

  function load() {
    if (editing) { stale = true; return Promise.resolve(); }
    const q = facet() ? '?facet=' + encodeURIComponent(facet()) : '';
    return Promise.all([
      window.engram.api('GET', base + '/day/' + day + q),
      window.engram.api('GET', base + '/upcoming' + q)
    ]).then(function (r) {
      if (editing) { stale = true; return; } // an edit began while this was loading: do not redraw its form away
      renderDay(r[0]);
      renderUpcoming(r[1]);
      root.dataset.loaded = String(Number(root.dataset.loaded || 0) + 1);
    }).catch(fail);
  }

  document.getElementById('todos-carry').addEventListener('click', function () {
    const body = facet() ? { facet: facet() } : {};
    window.engram.api('POST', base + '/carry', body).then(function (r) {
      status(r.carried.length ? apps.plural(r.carried.length, 'todo') + ' carried over.' : 'Nothing to carry over.');
      return load();
    }).catch(fail);
  });
  window.addEventListener('facet.switch', function () { load(); });
  window.appEvents.listen('journal', function (m) {
    if (m.event === 'changed' && (m.kind === 'todos' || m.kind === 'missed')) { load(); }
  });
  load();
})();
