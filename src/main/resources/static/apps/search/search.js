// Search: a query box with instant (debounced) results grouped by day, facet and topic counts that filter when
// clicked, and a histogram of matches per day to drag across for a date range. The state (q, facet, topic, from, to,
// offset, and the API's stream, time_bucket and entity filters) lives in the URL, so reload and shared links restore it. Journal text arrives as the server's snippet:
// HTML-escaped with the matched words in <strong>, the only HTML inserted; everything else is set as text.
(function () {
  'use strict';
  const root = document.getElementById('sr-app');
  if (!root) { return; }
  const el = window.engram.el;
  const apps = window.engramApps;
  const charts = window.engramCharts;
  const DEBOUNCE_MS = 250;
  const input = document.getElementById('sr-q');
  const FILTERS = ['q', 'facet', 'topic', 'from', 'to', 'stream', 'time_bucket', 'entity'];
  const KEYS = FILTERS.concat(['offset']);
  let state = readUrl();
  let seq = 0;
  let timer = null;

  function readUrl() {
    const q = new URLSearchParams(window.location.search);
    const s = {};
    KEYS.forEach(function (k) { s[k] = q.get(k) || ''; });
    return s;
  }

  function writeUrl() {
    const q = new URLSearchParams();
    KEYS.forEach(function (k) { if (state[k] && !(k === 'offset' && state[k] === '0')) { q.set(k, state[k]); } });
    const qs = q.toString();
    window.history.replaceState(null, '', window.location.pathname + (qs ? '?' + qs : ''));
  }

  function params(extra) {
    const q = new URLSearchParams();
    FILTERS.forEach(function (k) { if (state[k]) { q.set(k, state[k]); } });
    Object.keys(extra || {}).forEach(function (k) { q.set(k, extra[k]); });
    return q.toString();
  }

  function getJson(url, signal) {
    return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', signal: signal })
      .then(function (r) {
        return r.json().then(function (b) {
          if (!r.ok) { const e = new Error(b.error || ('HTTP ' + r.status)); e.status = r.status; e.reasonCode = b.reason_code; throw e; }
          return b;
        });
      });
  }

  function set(changes) {
    Object.assign(state, changes);
    if (!('offset' in changes)) { state.offset = ''; }
    writeUrl();
    run();
  }

  // ---- requests ----
  let inFlight = null;
  function run() {
    const mine = ++seq;
    // a newer query makes the older request pointless: stop it, so typing never queues searches on the server
    if (inFlight) { inFlight.abort(); }
    inFlight = typeof AbortController === 'function' ? new AbortController() : null;
    root.classList.add('sr-loading');
    getJson('/app/search/api/search?' + params({ offset: state.offset || '0' }), inFlight ? inFlight.signal : undefined)
      .then(function (data) { if (mine === seq) { showError(null); render(data); } })
      .catch(function (e) { if (mine === seq && e.name !== 'AbortError') { showError(e); } })
      .finally(function () { if (mine === seq) { root.classList.remove('sr-loading'); } });
  }

  function showError(e) {
    const box = document.getElementById('sr-error');
    const idx = document.getElementById('sr-index');
    box.hidden = true;
    idx.classList.remove('sr-down');
    if (!e) { return; }
    if (e.status === 503) {
      idx.textContent = e.reasonCode === 'index_opening'
        ? 'The search index is still opening. Try again in a moment.'
        : 'Search is unavailable: ' + e.message;
      idx.classList.add('sr-down');
      idx.hidden = false;
      document.getElementById('sr-days').replaceChildren();
      document.getElementById('sr-summary').textContent = '';
      return;
    }
    box.textContent = e.message;
    box.hidden = false;
  }

  // ---- rendering ----
  function render(data) {
    const idx = document.getElementById('sr-index');
    idx.hidden = !(data.index && data.index.building);
    idx.textContent = data.index && data.index.building ? 'Still indexing the journal: results may be incomplete.' : '';
    renderFilters();
    renderCounts(document.getElementById('sr-facets'), data.facets, 'facet', function (f) {
      const dot = el('span', 'sr-dot');
      if (f.color) { dot.style.background = f.color; }
      return [dot, (f.emoji ? f.emoji + ' ' : '') + (f.title || f.name)];
    });
    renderCounts(document.getElementById('sr-topics'), data.topics, 'topic', function (t) {
      return [(t.icon ? t.icon + ' ' : '') + t.label];
    });
    renderHistogram(data.histogram || []);
    const summary = document.getElementById('sr-summary');
    summary.textContent = data.total === 0 ? '' : apps.plural(data.total, 'match', 'matches') + ' on ' +
      apps.plural(data.total_days, 'day');
    const notices = document.getElementById('sr-notices');
    notices.replaceChildren();
    (data.notices || []).forEach(function (n) { notices.append(el('li', null, n)); });
    notices.hidden = !(data.notices || []).length;
    const days = document.getElementById('sr-days');
    days.replaceChildren();
    if (!data.days.length) {
      days.append(el('p', 'sr-empty', FILTERS.some(function (k) { return state[k]; })
        ? 'Nothing matches.' : 'The journal has nothing indexed yet.'));
    }
    data.days.forEach(function (d) { days.append(dayGroup(d)); });
    const offset = Number(state.offset || 0);
    const newer = document.getElementById('sr-newer');
    const older = document.getElementById('sr-older');
    newer.hidden = offset <= 0;
    older.hidden = offset + data.showing_days >= data.total_days;
    newer.onclick = function () { set({ offset: String(Math.max(0, offset - 20)) }); };
    older.onclick = function () { set({ offset: String(offset + data.showing_days) }); };
  }

  function renderFilters() {
    const box = document.getElementById('sr-filters');
    box.replaceChildren();
    function chip(text, clear) {
      const b = el('button', 'sr-chip', text + ' ✕');
      b.type = 'button';
      b.title = 'Remove this filter';
      b.addEventListener('click', function () { set(clear); });
      box.append(b);
    }
    if (state.facet) { chip('Facet: ' + state.facet, { facet: '' }); }
    if (state.topic) { chip('Topic: ' + state.topic, { topic: '' }); }
    if (state.stream) { chip('Stream: ' + state.stream, { stream: '' }); }
    if (state.time_bucket) { chip('Time: ' + state.time_bucket, { time_bucket: '' }); }
    if (state.entity) { chip('Mentions: ' + state.entity, { entity: '' }); }
    if (state.from || state.to) {
      chip('Dates: ' + (state.from ? apps.formatDay(state.from) : '…') + ' – ' + (state.to ? apps.formatDay(state.to) : '…'),
        { from: '', to: '' });
    }
  }

  function renderCounts(list, items, key, label) {
    list.replaceChildren();
    if (!items || !items.length) { list.append(el('li', 'sr-empty', 'None')); return; }
    items.forEach(function (it) {
      const b = el('button', 'sr-count');
      b.type = 'button';
      b.dataset[key] = it.name;
      const active = state[key] === it.name;
      b.classList.toggle('sr-active', active);
      b.setAttribute('aria-pressed', String(active));
      const name = el('span', 'sr-count-name');
      label(it).forEach(function (p) { name.append(p); });
      b.append(name, el('span', 'sr-count-n', String(it.count)));
      b.addEventListener('click', function () {
        const change = {};
        change[key] = active ? '' : it.name;
        set(change);
      });
      const li = el('li');
      li.append(b);
      list.append(li);
    });
  }

  let plot = null;
  function renderHistogram(histogram) {
    const box = document.getElementById('sr-hist');
    if (plot) { plot.destroy(); plot = null; }
    if (!histogram.length) { box.replaceChildren(el('p', 'sr-empty', 'No matching days.')); box.dataset.days = '0'; return; }
    const counts = {};
    histogram.forEach(function (h) { counts[h.day] = h.count; });
    const first = histogram[0].day;
    const last = histogram[histogram.length - 1].day;
    // every day between the first and last match (so gaps show), or only the matching days over a very long span
    let days = charts.daysBetween(first, last, 2000);
    if (days[days.length - 1] !== last) { days = histogram.map(function (h) { return h.day; }); }
    const selected = function (d) { return (!state.from || d >= state.from) && (!state.to || d <= state.to); };
    const inside = days.map(function (d) { return selected(d) ? (counts[d] || 0) : null; });
    const outside = days.map(function (d) { return selected(d) ? null : (counts[d] || 0); });
    box.dataset.days = String(days.length);
    plot = charts.bars(box, {
      x: days.map(charts.daySeconds),
      time: true,
      height: 130,
      legend: false,
      series: [{ label: 'Matches', values: inside, color: '#3b5bdb' }, { label: 'Outside the dates', values: outside, color: '#adb5bd' }],
      yFormat: function (v) { return Number.isInteger(v) ? String(v) : ''; },
      onSelect: function (min, max) {
        const from = charts.dayKey(min);
        const to = charts.dayKey(max);
        set({ from: from, to: to < from ? from : to });
      }
    });
  }

  function dayGroup(d) {
    const sec = el('section', 'sr-day');
    sec.dataset.day = d.day;
    const head = el('div', 'sr-day-head');
    head.append(el('h3', null, apps.formatDay(d.day)), el('span', 'muted', apps.plural(d.total, 'match', 'matches')));
    const list = el('ul', 'sr-hits');
    d.results.forEach(function (r) { list.append(hit(r)); });
    sec.append(head, list);
    if (d.has_more) {
      let shown = d.results.length;
      const more = el('button', 'sr-more', 'Show more from this day');
      more.type = 'button';
      more.addEventListener('click', function () {
        more.disabled = true;
        getJson('/app/search/api/day_results?' + params({ day: d.day, offset: String(shown), limit: '20' }))
          .then(function (page) {
            page.results.forEach(function (r) { list.append(hit(r)); });
            shown += page.results.length;
            more.disabled = false;
            more.hidden = shown >= page.total || !page.results.length;
          })
          .catch(function (e) { more.disabled = false; showError(e); });
      });
      sec.append(more);
    }
    return sec;
  }

  function hit(r) {
    const li = el('li', 'sr-hit');
    li.dataset.id = r.id;
    li.dataset.topic = r.topic;
    const meta = el('div', 'sr-hit-meta');
    const where = (r.topic_icon ? r.topic_icon + ' ' : '') + r.topic_label + (r.time ? ' · ' + r.time.slice(0, 5) : '');
    if (r.url) {
      const a = el('a', 'sr-hit-link', where);
      a.href = r.url;
      a.title = r.segment ? 'Open segment ' + r.segment + (r.time ? ' at ' + r.time : '') : 'Open the day';
      meta.append(a);
    } else {
      meta.append(el('span', 'sr-hit-link', where));
    }
    if (r.facet) {
      const f = el('span', 'sr-hit-facet', (r.facet_emoji ? r.facet_emoji + ' ' : '') + (r.facet_title || r.facet));
      if (r.facet_color) { f.style.borderColor = r.facet_color; }
      meta.append(f);
    }
    if (r.header) { meta.append(el('span', 'sr-hit-header', r.header)); }
    meta.append(el('span', 'sr-hit-path', r.path));
    const p = el('p', 'sr-snippet');
    p.innerHTML = r.text; // the server's snippet: HTML-escaped text with <strong> around the matches
    li.append(meta, p);
    return li;
  }

  // ---- input ----
  input.value = state.q;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { set({ q: input.value.trim() }); }, DEBOUNCE_MS);
  });
  document.getElementById('sr-form').addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    set({ q: input.value.trim() });
  });
  input.focus();
  run();
})();
