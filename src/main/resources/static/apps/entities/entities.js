// Entities: attached, detected and detached entities per facet (attach, detach or dismiss, edit type and
// description, akas, promote recurring ones now), and one entity's page (?facet=&entity=) with its mentions through
// the index: a per-day histogram and hits linking to the transcripts. Journal text is always inserted as text (the
// index's snippets are server-escaped HTML with <strong> around the matches). Reloads on journal.changed of kind
// entities, so changes made by agents, the nightly promotion or another tab show at once.
(function () {
  'use strict';
  const root = document.getElementById('entities-app');
  if (!root) { return; }
  const el = window.engram.el;
  const apps = window.engramApps;
  const base = '/app/entities/api';
  const params = new URLSearchParams(window.location.search);
  const pageFacet = params.get('facet') || '';
  const pageEntity = params.get('entity') || '';
  let editing = false;

  function facet() {
    return typeof window.selectedFacet === 'string' ? window.selectedFacet : (root.dataset.facet || '');
  }

  function status(text, error) {
    const s = document.getElementById('entities-status');
    s.textContent = text || '';
    s.classList.toggle('en-error', !!error);
  }

  function fail(err) { status(err && err.message ? err.message : String(err), true); }

  function change(method, url, body, done) {
    return window.engram.api(method, url, body).then(function () {
      if (done) { status(done); }
      editing = false;
      return load();
    }).catch(fail);
  }

  function facetUrl(f, what) { return base + '/facet/' + encodeURIComponent(f) + '/' + what; }

  function entityLink(f, name) {
    const a = el('a', 'en-name', name);
    a.href = '/app/entities?facet=' + encodeURIComponent(f) + '&entity=' + encodeURIComponent(name);
    return a;
  }

  function button(cls, text, label, onClick) {
    const b = el('button', cls, text);
    b.type = 'button';
    if (label) { b.setAttribute('aria-label', label); }
    b.addEventListener('click', onClick);
    return b;
  }

  function input(name, value, label, placeholder) {
    const i = el('input');
    i.name = name; i.value = value || ''; i.setAttribute('aria-label', label);
    if (placeholder) { i.placeholder = placeholder; }
    return i;
  }

  function editForm(f, e, after) {
    editing = true;
    const form = el('form', 'en-edit');
    const type = input('type', e.type, 'Type');
    type.pattern = '[A-Za-z0-9 ]{3,64}'; type.required = true;
    const desc = el('textarea');
    desc.name = 'description'; desc.value = e.description || ''; desc.setAttribute('aria-label', 'Description');
    const save = el('button', 'en-save', 'Save');
    save.type = 'submit';
    form.append(type, desc, save, button('en-cancel-edit', 'Cancel', null, function () { editing = false; load(); }));
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      change('PATCH', facetUrl(f, 'entity'), { name: e.name, type: type.value, description: desc.value }, 'Saved.');
    });
    after.replaceWith(form);
    desc.focus();
  }

  function akaChips(f, e, box, removable) {
    e.aka.forEach(function (a) {
      const chip = el('span', 'en-aka', a);
      if (removable) {
        chip.append(button('en-aka-remove', '✕', 'Remove the name ' + a, function () {
          change('PATCH', facetUrl(f, 'entity'), { name: e.name, remove_aka: a }, 'Removed “' + a + '”.');
        }));
      }
      box.append(chip);
    });
  }

  function attachedItem(f, e) {
    const li = el('li', 'en-item en-attached');
    li.dataset.name = e.name;
    li.append(entityLink(f, e.name), el('span', 'en-type', e.type));
    akaChips(f, e, li, false);
    if (e.promoted_from) { li.append(el('span', 'en-promoted', 'promoted')); }
    const buttons = el('span', 'en-buttons');
    const desc = el('span', 'en-desc', e.description);
    buttons.append(button('en-edit-button', 'Edit', 'Edit ' + e.name, function () { if (!editing) { editForm(f, e, desc); } }),
      button('en-detach', 'Detach', 'Detach ' + e.name, function () {
        change('POST', facetUrl(f, 'detach'), { name: e.name }, 'Detached “' + e.name + '”.');
      }));
    li.append(buttons, desc);
    return li;
  }

  function detectedItem(f, d) {
    const li = el('li', 'en-item en-detected');
    li.dataset.name = d.name;
    li.append(entityLink(f, d.name), el('span', 'en-type', d.type),
      el('span', 'en-days', apps.plural(d.days, 'day') + ', last ' + apps.formatDay(d.last_seen)));
    const buttons = el('span', 'en-buttons');
    buttons.append(button('en-attach', 'Attach', 'Attach ' + d.name, function () {
      change('POST', facetUrl(f, 'attach'), { name: d.name }, 'Attached “' + d.name + '”.');
    }), button('en-dismiss', 'Dismiss', 'Dismiss ' + d.name, function () {
      change('POST', facetUrl(f, 'detach'), { name: d.name }, 'Dismissed “' + d.name + '”: it will not be promoted.');
    }));
    li.append(buttons, el('span', 'en-desc', d.description));
    return li;
  }

  function detachedItem(f, e) {
    const li = el('li', 'en-item en-detached');
    li.dataset.name = e.name;
    li.append(entityLink(f, e.name), el('span', 'en-type', e.type));
    const buttons = el('span', 'en-buttons');
    buttons.append(button('en-reattach', 'Re-attach', 'Re-attach ' + e.name, function () {
      change('POST', facetUrl(f, 'attach'), { name: e.name }, 'Re-attached “' + e.name + '”.');
    }));
    li.append(buttons);
    return li;
  }

  function addForm(f) {
    const form = el('form', 'en-add');
    const name = input('name', '', 'New entity for ' + f.title, 'Name');
    name.required = true; name.maxLength = 200;
    const type = input('type', '', 'Type', 'Type (Person…)');
    type.required = true; type.pattern = '[A-Za-z0-9 ]{3,64}';
    const desc = input('description', '', 'Description', 'Description');
    const add = el('button', 'en-add-button', 'Attach');
    add.type = 'submit';
    form.append(name, type, desc, add);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      change('POST', facetUrl(f.name, 'attach'), { name: name.value, type: type.value, description: desc.value },
        'Attached “' + name.value.trim() + '”.');
    });
    return form;
  }

  function section(card, title, items, empty) {
    card.append(el('h4', null, title));
    if (!items.length) { card.append(el('p', 'en-empty', empty)); return; }
    const ul = el('ul', 'en-list');
    items.forEach(function (li) { ul.append(li); });
    card.append(ul);
  }

  function renderList(data) {
    apps.showSetup(document.getElementById('entities-setup'), data.setup);
    apps.showWarnings(document.getElementById('entities-warnings'), data.warnings || []);
    document.getElementById('entities-rule').textContent = 'Detected entities seen on ' +
      apps.plural(data.rule.promote_days, 'day') + ' within ' + apps.plural(data.rule.promote_window_days, 'day') +
      ' are attached automatically each night; what you detach or dismiss stays so. Detected since ' +
      apps.formatDay(data.from) + '.';
    const box = document.getElementById('entities-facets');
    box.replaceChildren();
    if (!data.facets.length) {
      box.append(el('p', 'en-empty', 'No facets yet: create one in Settings to keep entities in it.'));
      return;
    }
    data.facets.forEach(function (f) {
      const card = el('section', 'en-card en-facet');
      card.dataset.facet = f.name;
      if (f.color) { card.style.setProperty('--facet-color', f.color); }
      card.append(el('h3', null, (f.emoji ? f.emoji + ' ' : '') + f.title));
      section(card, 'Attached (' + f.attached.length + ')', f.attached.map(function (e) { return attachedItem(f.name, e); }),
        'No attached entities.');
      card.append(addForm(f));
      section(card, 'Detected (' + (f.detected.length + f.detected_more) + ')',
        f.detected.map(function (d) { return detectedItem(f.name, d); }), 'Nothing new detected.');
      if (f.detached.length) {
        section(card, 'Detached (' + f.detached.length + ')', f.detached.map(function (e) { return detachedItem(f.name, e); }), '');
      }
      box.append(card);
    });
  }

  function renderEntity(data) {
    apps.showSetup(document.getElementById('entities-setup'), data.setup);
    apps.showWarnings(document.getElementById('entities-warnings'), data.warnings || []);
    const f = data.facet.name;
    const e = data.entity;
    document.getElementById('entity-back').href = '/app/entities';
    document.getElementById('entity-name').textContent = e.name;
    const meta = document.getElementById('entity-meta');
    meta.replaceChildren(el('span', 'en-type', e.type), document.createTextNode(' ' + data.status + ' in ' +
      (data.facet.emoji ? data.facet.emoji + ' ' : '') + data.facet.title +
      (data.detected_days.length ? ' · detected on ' + apps.plural(data.detected_days.length, 'day') : '')));
    const desc = document.getElementById('entity-description');
    desc.textContent = e.description || '';
    const akas = document.getElementById('entity-akas');
    akas.replaceChildren();
    const attached = data.status === 'attached';
    if (e.aka.length) { akas.append(el('span', 'en-days', 'Also known as')); }
    akaChips(f, e, akas, attached);
    const actions = document.getElementById('entity-actions');
    actions.replaceChildren();
    if (attached) {
      const form = el('form', 'en-aka-form');
      const aka = input('aka', '', 'Another name for ' + e.name, 'Another name');
      aka.required = true; aka.maxLength = 200;
      const add = el('button', 'en-aka-add', 'Add name');
      add.type = 'submit';
      form.append(aka, add);
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        change('PATCH', facetUrl(f, 'entity'), { name: e.name, add_aka: aka.value }, 'Added “' + aka.value.trim() + '”.');
      });
      actions.append(form, button('en-edit-button', 'Edit', 'Edit ' + e.name, function () {
        if (!editing) { editForm(f, e, desc); }
      }), button('en-detach', 'Detach', 'Detach ' + e.name, function () {
        change('POST', facetUrl(f, 'detach'), { name: e.name }, 'Detached.');
      }));
    } else {
      actions.append(button('en-attach', data.status === 'detached' ? 'Re-attach' : 'Attach', null, function () {
        change('POST', facetUrl(f, 'attach'), { name: e.name }, 'Attached.');
      }));
      if (data.status === 'detected') {
        actions.append(button('en-dismiss', 'Dismiss', null, function () {
          change('POST', facetUrl(f, 'detach'), { name: e.name }, 'Dismissed: it will not be promoted.');
        }));
      }
    }
    renderMentions(data.mentions);
  }

  // Every day from the first mention to the last (empty days too, so the bars read as time), or only the days
  // with mentions when that span is longer than 180 days.
  function daysOf(histogram) {
    if (histogram.length < 2) { return histogram; }
    const counts = {};
    histogram.forEach(function (h) { counts[h.day] = h.count; });
    const out = [];
    const last = window.engram.parseDay(histogram[histogram.length - 1].day);
    for (let d = window.engram.parseDay(histogram[0].day); d <= last && out.length <= 180; d.setDate(d.getDate() + 1)) {
      const key = window.engram.dayKey(d);
      out.push({ day: key, count: counts[key] || 0 });
    }
    return out.length > 180 ? histogram : out;
  }

  function renderMentions(m) {
    const note = document.getElementById('entity-mentions-note');
    const hist = document.getElementById('entity-histogram');
    const hits = document.getElementById('entity-hits');
    hist.replaceChildren();
    hits.replaceChildren();
    let text = m.available ? apps.plural(m.total, 'mention') + (m.total ? ' on ' +
      apps.plural(m.histogram.length, 'day') : '') + (m.more ? ' (the best-matching ones; there are more)' : '') : '';
    text = [text, m.message].concat(m.notices || []).filter(Boolean).join(' ');
    note.textContent = text;
    hist.hidden = !m.histogram.length;
    const max = Math.max.apply(null, m.histogram.map(function (h) { return h.count; }).concat([1]));
    hist.setAttribute('aria-label', 'Mentions per day: ' + m.histogram.map(function (h) {
      return h.day + ' ' + h.count; }).join(', '));
    const days = daysOf(m.histogram);
    hist.style.setProperty('--bars', String(days.length || 1));
    document.getElementById('entity-axis').style.setProperty('--bars', String(days.length || 1));
    days.forEach(function (h) {
      const bar = el(h.count ? 'a' : 'span', h.count ? 'en-bar' : 'en-bar en-bar-empty');
      bar.style.height = h.count ? Math.max(4, Math.round(70 * h.count / max)) + 'px' : '0';
      bar.title = apps.formatDay(h.day) + ': ' + apps.plural(h.count, 'mention');
      bar.dataset.day = h.day;
      if (h.count) { bar.href = '/app/transcripts/' + h.day; }
      hist.append(bar);
    });
    const axis = document.getElementById('entity-axis');
    axis.replaceChildren();
    if (m.histogram.length) {
      axis.append(el('span', null, apps.formatDay(m.histogram[0].day)),
        el('span', null, apps.formatDay(m.histogram[m.histogram.length - 1].day)));
    }
    m.hits.forEach(function (h) {
      const li = el('li', 'en-hit');
      const a = el('a', null, apps.formatDay(h.day) + (h.time ? ' ' + apps.formatTime(h.time) : ''));
      a.href = h.url;
      li.append(a, el('span', 'en-hit-topic', h.topic));
      const p = el('p');
      p.innerHTML = h.snippet; // the index's snippet: HTML-escaped text with <strong> around the matches
      li.append(p);
      hits.append(li);
    });
  }

  function load() {
    if (editing) { return Promise.resolve(); }
    const request = pageEntity
      ? window.engram.api('GET', base + '/entity?facet=' + encodeURIComponent(pageFacet) + '&name=' + encodeURIComponent(pageEntity))
      : window.engram.api('GET', base + '/facets' + (facet() ? '?facet=' + encodeURIComponent(facet()) : ''));
    return request.then(function (data) {
      if (editing) { return; } // an edit began while this was loading: its end loads again
      if (pageEntity) { renderEntity(data); } else { renderList(data); }
      root.dataset.loaded = String(Number(root.dataset.loaded || 0) + 1);
    }).catch(fail);
  }

  document.getElementById(pageEntity ? 'entity-page' : 'entities-list').hidden = false;
  document.getElementById('entities-promote').addEventListener('click', function () {
    window.engram.api('POST', base + '/promote', facet() ? { facet: facet() } : {}).then(function (r) {
      status(r.promoted.length ? apps.plural(r.promoted.length, 'entity', 'entities') + ' promoted: ' +
        r.promoted.map(function (p) { return p.name; }).join(', ') + '.' : 'Nothing to promote.');
      return load();
    }).catch(fail);
  });
  window.addEventListener('facet.switch', function () { if (!pageEntity) { load(); } });
  window.appEvents.listen('journal', function (m) {
    if (m.event === 'changed' && (m.kind === 'entities' || m.kind === 'missed')) { load(); }
  });
  load();
})();
