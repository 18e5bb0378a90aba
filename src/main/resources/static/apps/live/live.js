// Live Events: shows every bus event (window.appEvents.listen('*')) newest first, keeps at most data-max entries,
// filters by tract and text, and can pause (events are buffered, bounded, while paused).
(function () {
  'use strict';
  const root = document.getElementById('live-app');
  if (!root) { return; }
  const MAX = Number(root.dataset.max) || 500;
  const list = document.getElementById('lv-events');
  const tractSelect = document.getElementById('lv-tract');
  const search = document.getElementById('lv-search');
  const pauseBtn = document.getElementById('lv-pause');
  const tracts = new Set();
  let paused = false;
  let pending = [];

  const el = window.engram.el;

  function pad(n, w) { return String(n).padStart(w || 2, '0'); }
  function clock(ms) {
    const d = new Date(ms);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
  }

  function matches(li) {
    const t = tractSelect.value;
    const q = search.value.trim().toLowerCase();
    return (!t || li.dataset.tract === t) && (!q || li.dataset.text.indexOf(q) >= 0);
  }

  function applyFilter() {
    list.querySelectorAll('li').forEach(function (li) { li.hidden = !matches(li); });
  }

  function updateCount() {
    document.getElementById('lv-count').textContent = window.engramApps.plural(list.children.length, 'event');
    document.getElementById('lv-empty').hidden = list.children.length > 0;
    document.getElementById('lv-pending').textContent = pending.length;
    document.getElementById('lv-pending-word').textContent = pending.length === 1 ? 'new event' : 'new events';
  }

  function addTract(tract) {
    if (tracts.has(tract)) { return; }
    tracts.add(tract);
    const options = Array.from(tracts).sort();
    const current = tractSelect.value;
    tractSelect.replaceChildren(el('option', null, 'All tracts'));
    tractSelect.firstChild.value = '';
    options.forEach(function (t) { const o = el('option', null, t); o.value = t; tractSelect.append(o); });
    tractSelect.value = current;
  }

  function render(msg) {
    const isObj = msg && typeof msg === 'object' && !Array.isArray(msg);
    const tract = isObj && typeof msg.tract === 'string' ? msg.tract : '?';
    const event = isObj && typeof msg.event === 'string' ? msg.event : '?';
    const ts = isObj && typeof msg.ts === 'number' ? msg.ts : Date.now();
    const json = JSON.stringify(msg, null, 2);
    const li = el('li', 'lv-event');
    li.dataset.tract = tract;
    li.dataset.text = (event + ' ' + json).toLowerCase();
    const head = el('div', 'lv-head');
    head.append(el('span', 'lv-time', clock(ts)), el('span', 'lv-tract', tract), el('span', 'lv-name', event));
    const details = el('details', 'lv-json');
    details.append(el('summary', null, 'JSON'), el('pre', null, json));
    li.append(head, details);
    addTract(tract);
    li.hidden = !matches(li);
    list.prepend(li);
    while (list.children.length > MAX) { list.lastElementChild.remove(); }
  }

  function receive(msg) {
    if (paused) {
      pending.push(msg);
      if (pending.length > MAX) { pending.shift(); }
    } else {
      render(msg);
    }
    updateCount();
  }

  pauseBtn.addEventListener('click', function () {
    paused = !paused;
    pauseBtn.textContent = paused ? 'Resume' : 'Pause';
    pauseBtn.setAttribute('aria-pressed', String(paused));
    document.getElementById('lv-paused').hidden = !paused;
    if (!paused) { pending.forEach(render); pending = []; }
    updateCount();
  });
  document.getElementById('lv-clear').addEventListener('click', function () {
    list.replaceChildren(); pending = []; updateCount();
  });
  tractSelect.addEventListener('change', applyFilter);
  search.addEventListener('input', applyFilter);

  if (window.appEvents && typeof window.appEvents.listen === 'function') {
    window.appEvents.listen('*', receive);
  } else {
    document.getElementById('lv-empty').textContent = 'The live event stream is not available on this page.';
  }
  updateCount();
})();
