// Home dashboard: fetches /app/home/api/day/<day>?facet=<facet> and renders it. Text is always inserted as text;
// only the server-rendered (escaped, sanitized) insight HTML is inserted as HTML.
(function () {
  'use strict';
  const root = document.getElementById('home-app');
  if (!root) { return; }

  const el = window.engram.el;

  const today = window.engram.today;
  const apps = window.engramApps;

  function currentFacet() {
    if (typeof window.selectedFacet === 'string') { return window.selectedFacet; }
    return root.dataset.facet || '';
  }

  function renderCounts(c) {
    const box = document.getElementById('home-counts');
    box.replaceChildren();
    [['segments', 'Segment', 'Segments'], ['todos_open', 'Open todo', 'Open todos'],
      ['todos_done', 'Done todo', 'Done todos'], ['events', 'Event', 'Events']]
      .forEach(function (pair) {
        const card = el('div', 'home-count');
        card.append(el('span', 'home-count-n', c[pair[0]]),
          el('span', 'home-count-label', c[pair[0]] === 1 ? pair[1] : pair[2]));
        card.dataset.count = pair[0];
        box.append(card);
      });
  }

  function renderTodos(todos) {
    const box = document.getElementById('home-todos');
    box.replaceChildren();
    if (!todos.length) { box.append(el('p', 'home-empty', 'No todos for this day.')); return; }
    const byFacet = new Map();
    todos.forEach(function (t) {
      if (!byFacet.has(t.facet)) { byFacet.set(t.facet, []); }
      byFacet.get(t.facet).push(t);
    });
    byFacet.forEach(function (items, facet) {
      const group = el('div', 'home-facet-group');
      group.dataset.facet = facet;
      const open = items.filter(function (t) { return t.status === 'open'; }).length;
      group.append(el('h4', 'home-facet-title', facet + ' · ' + open + ' open'));
      const ul = el('ul', 'home-todos');
      items.forEach(function (t) {
        const li = el('li', 'home-todo home-todo-' + t.status);
        li.append(el('span', 'home-check', t.status === 'done' ? '☑' : (t.status === 'cancelled' ? '☒' : '☐')));
        if (t.time) { li.append(el('span', 'home-time', t.time)); }
        li.append(el('span', 'home-text', t.text));
        ul.append(li);
      });
      group.append(ul);
      box.append(group);
    });
  }

  function renderEvents(events) {
    const box = document.getElementById('home-events');
    box.replaceChildren();
    if (!events.length) { box.append(el('p', 'home-empty', 'No events for this day.')); return; }
    const ul = el('ul', 'home-events');
    events.forEach(function (e) {
      const li = el('li', 'home-event');
      const when = e.start ? (e.start.slice(0, 5) + (e.end ? '–' + e.end.slice(0, 5) : '')) : 'all day';
      li.append(el('span', 'home-time', when), el('span', 'home-text', e.title || e.summary || e.type),
        el('span', 'home-facet', e.facet));
      if (e.participants && e.participants.length) {
        li.append(el('div', 'home-participants', 'with ' + e.participants.join(', ')));
      }
      ul.append(li);
    });
    box.append(ul);
  }

  function renderInsights(insights) {
    const box = document.getElementById('home-insights');
    box.replaceChildren();
    if (!insights.length) { box.append(el('p', 'home-empty', 'No insights for this day yet.')); return; }
    insights.forEach(function (i) {
      const d = el('details', 'home-insight');
      d.open = true;
      d.append(el('summary', null, i.title));
      const body = el('div', 'home-markdown');
      body.innerHTML = i.html; // rendered server-side with raw HTML escaped and URLs sanitized
      d.append(body);
      box.append(d);
    });
  }

  function renderEntities(entities, more) {
    const box = document.getElementById('home-entities');
    box.replaceChildren();
    if (!entities.length) { box.append(el('p', 'home-empty', 'No entities detected on this day.')); return; }
    const ul = el('ul', 'home-entities');
    entities.forEach(function (e) {
      const li = el('li', 'home-entity');
      li.dataset.facet = e.facet;
      li.append(el('span', 'home-entity-type', e.type), el('span', 'home-entity-name', e.name),
        el('span', 'home-facet', e.facet));
      if (e.description) { li.append(el('span', 'home-entity-desc', e.description)); }
      ul.append(li);
    });
    box.append(ul);
    if (more) { box.append(el('p', 'home-empty', 'and ' + apps.plural(more, 'more entity', 'more entities'))); }
  }

  function renderNews(news) {
    const box = document.getElementById('home-news');
    box.replaceChildren();
    if (!news.length) { box.append(el('p', 'home-empty', 'No news on this day.')); return; }
    news.forEach(function (n) {
      const item = el('article', 'home-news-item');
      item.dataset.facet = n.facet;
      if (n.color) { item.style.borderLeftColor = n.color; }
      item.append(el('p', 'home-news-facet', (n.emoji ? n.emoji + ' ' : '') + (n.facet_title || n.facet)));
      const body = el('div', 'home-markdown');
      body.innerHTML = n.html; // rendered server-side with raw HTML escaped and URLs sanitized
      item.append(body);
      box.append(item);
    });
  }

  function load() {
    const day = root.dataset.day || today();
    const facet = currentFacet();
    const err = document.getElementById('home-error');
    fetch('/app/home/api/day/' + encodeURIComponent(day) + '?facet=' + encodeURIComponent(facet),
      { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
      .then(function (res) {
        if (!res.ok) { throw new Error(res.body.error || 'request failed'); }
        err.hidden = true;
        const d = res.body;
        apps.showSetup(document.getElementById('home-setup'), d.setup);
        apps.showWarnings(document.getElementById('home-warnings'), d.warnings);
        document.getElementById('home-welcome').hidden = !d.journal_empty;
        document.getElementById('home-day').hidden = !!d.journal_empty;
        renderCounts(res.body.counts);
        renderTodos(res.body.todos);
        renderEvents(res.body.events);
        renderInsights(res.body.insights);
        renderEntities(d.entities || [], d.entities_more || 0);
        renderNews(d.news || []);
      })
      .catch(function (e) { err.textContent = 'Could not load the day: ' + e.message; err.hidden = false; });
  }

  const dateEl = document.getElementById('home-date');
  if (root.dataset.day) { dateEl.textContent = apps.formatDay(root.dataset.day); }
  window.addEventListener('facet.switch', load);
  load();
})();
