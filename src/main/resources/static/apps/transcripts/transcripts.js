// Transcripts: the day's segments on a 24-hour bar and in a list; a selected segment shows its media (audio player,
// screen thumbnails with an enlarged view), transcript, screen frames and tmux panes in their colours. The open
// segment and time live in the URL (?segment=HHMMSS_LEN&t=HH:MM:SS), so reload, shared links and back/forward work.
// All journal text is inserted with textContent (tmux colours as classed spans from the server's converter); only
// server-rendered (escaped, sanitized) insight HTML is inserted as HTML.
(function () {
  'use strict';
  const root = document.getElementById('tr-app');
  if (!root) { return; }
  const DAY_SECONDS = 86400;
  const SEGMENT_KEY = /^\d{6}_\d+$/;
  const el = window.engram.el;
  const apps = window.engramApps;
  const day = root.dataset.day || window.engram.today();
  const box = document.getElementById('tr-segment');
  let segments = [];
  let selected = null;
  let dayWarnings = [];

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.json().then(function (b) {
          if (!r.ok) { throw new Error(b.error || ('HTTP ' + r.status)); }
          return b;
        });
      });
  }

  function showError(e) {
    const err = document.getElementById('tr-error');
    err.textContent = e ? String(e.message || e) : '';
    err.hidden = !e;
  }

  function warnings(more) {
    apps.showWarnings(document.getElementById('tr-warnings'), dayWarnings.concat(more || []));
  }

  // ---- URL state ----
  function urlState() {
    const q = new URLSearchParams(window.location.search);
    return { segment: q.get('segment'), t: q.get('t') };
  }

  function setUrl(segment, t, push) {
    const q = new URLSearchParams(window.location.search);
    if (segment) { q.set('segment', segment); } else { q.delete('segment'); }
    if (t) { q.set('t', t); } else { q.delete('t'); }
    const qs = q.toString();
    const url = window.location.pathname + (qs ? '?' + qs : '') + window.location.hash;
    if (push) { window.history.pushState({ segment: segment, t: t }, '', url); }
    else { window.history.replaceState({ segment: segment, t: t }, '', url); }
  }

  // ---- filters ----
  const showAudio = document.getElementById('tr-show-audio');
  const showScreen = document.getElementById('tr-show-screen');
  function applyFilters() {
    root.classList.toggle('tr-hide-audio', !showAudio.checked);
    root.classList.toggle('tr-hide-screen', !showScreen.checked);
    document.querySelectorAll('#tr-list .tr-item').forEach(function (li) {
      li.hidden = !((showAudio.checked && li.dataset.audio === 'true') || (showScreen.checked && li.dataset.screen === 'true'));
    });
  }
  showAudio.addEventListener('change', applyFilters);
  showScreen.addEventListener('change', applyFilters);

  // ---- day ----
  function renderDay(data) {
    const bar = document.getElementById('tr-bar');
    const list = document.getElementById('tr-list');
    segments = data.segments;
    bar.replaceChildren();
    list.replaceChildren();
    box.hidden = !segments.length;
    document.querySelector('#tr-app .tr-main').classList.toggle('tr-no-segments', !segments.length);
    document.querySelector('#tr-app .tr-filters').hidden = !segments.length;
    if (!segments.length) { list.append(el('li', 'tr-empty', 'No segments recorded on this day.')); }
    segments.forEach(function (s) {
      const block = el('button', 'tr-block');
      block.type = 'button';
      block.title = s.start + '–' + s.end;
      block.style.left = (100 * s.start_seconds / DAY_SECONDS) + '%';
      // a segment running past midnight is cut at the end of the bar
      const shown = Math.min(s.length_seconds, DAY_SECONDS - s.start_seconds);
      block.style.width = Math.max(0.4, 100 * shown / DAY_SECONDS) + '%';
      block.dataset.segment = s.key;
      block.setAttribute('role', 'listitem');
      block.addEventListener('click', function () { choose(s.key); });
      bar.append(block);

      const li = el('li', 'tr-item');
      li.dataset.audio = String(!!s.has_audio);
      li.dataset.screen = String(!!s.has_screen);
      const btn = el('button', 'tr-item-btn');
      btn.type = 'button';
      btn.dataset.segment = s.key;
      btn.append(el('span', 'tr-item-time', s.start.slice(0, 5) + '–' + s.end.slice(0, 5)));
      const tags = el('span', 'tr-item-tags');
      if (s.has_audio) { tags.append(el('span', 'tr-tag', 'audio')); }
      if (s.has_screen) { tags.append(el('span', 'tr-tag', 'screen')); }
      btn.append(tags);
      btn.addEventListener('click', function () { choose(s.key); });
      li.append(btn);
      list.append(li);
    });
    applyFilters();
  }

  function markSelected() {
    root.querySelectorAll('[data-segment]').forEach(function (e) {
      e.classList.toggle('tr-selected', e.dataset.segment === selected);
    });
  }

  function placeholder() {
    selected = null;
    markSelected();
    box.replaceChildren(el('p', 'tr-empty', 'Select a segment to read its transcript.'));
    warnings();
  }

  // A click on a segment: open it and add it to the history.
  function choose(key) {
    setUrl(key, null, true);
    open(key, null);
  }

  // Shows the segment (and marks the time t, "HH:MM:SS") without touching the history.
  function open(key, t) {
    if (!key) { placeholder(); return; }
    if (!SEGMENT_KEY.test(key) || !segments.some(function (s) { return s.key === key; })) {
      placeholder();
      showError('There is no segment ' + key + ' on this day.');
      return;
    }
    selected = key;
    markSelected();
    getJson('/app/transcripts/api/segment/' + day + '/' + encodeURIComponent(key))
      .then(function (seg) {
        if (selected !== key) { return; }
        showError(null);
        warnings(seg.warnings);
        renderSegment(seg);
        markTime(t);
      })
      .catch(showError);
  }

  function seconds(hms) {
    const p = String(hms || '').split(':').map(Number);
    return p.length === 3 && p.every(function (n) { return !isNaN(n); }) ? p[0] * 3600 + p[1] * 60 + p[2] : null;
  }

  // Marks the row or frame at clock time t, scrolls to it and moves the audio player there.
  function markTime(t) {
    box.querySelectorAll('.tr-at').forEach(function (e) { e.classList.remove('tr-at'); });
    if (!t) { return; }
    const target = Array.prototype.find.call(box.querySelectorAll('[data-time]'), function (e) { return e.dataset.time === t; });
    if (!target) { return; }
    target.classList.add('tr-at');
    target.scrollIntoView({ block: 'center' });
    const player = box.querySelector('audio.tr-player');
    const offset = seconds(target.dataset.offset);
    if (player && offset !== null) { player.currentTime = offset; }
  }

  function clockButton(time) {
    const b = el('button', 'tr-clock-link', time);
    b.type = 'button';
    b.title = 'Link to ' + time;
    b.addEventListener('click', function () { setUrl(selected, time, false); markTime(time); });
    return b;
  }

  // ---- segment ----
  function openViewer(m) {
    const dlg = document.getElementById('tr-viewer');
    document.getElementById('tr-viewer-img').src = m.url;
    document.getElementById('tr-viewer-img').alt = m.name;
    document.getElementById('tr-viewer-caption').textContent = m.name;
    if (typeof dlg.showModal === 'function') { dlg.showModal(); } else { dlg.setAttribute('open', ''); }
  }

  function renderMedia(media) {
    const thumbs = el('div', 'tr-thumbs');
    media.forEach(function (m) {
      if (m.kind === 'audio' || m.kind === 'video') {
        const player = el(m.kind, 'tr-player');
        player.controls = true;
        player.preload = 'metadata';
        player.src = m.url;
        const fig = el('figure', 'tr-media tr-media-' + m.kind);
        fig.append(player, el('figcaption', null, m.name));
        box.append(fig);
      } else if (m.kind === 'image') {
        const b = el('button', 'tr-thumb');
        b.type = 'button';
        b.title = 'Enlarge ' + m.name;
        const img = el('img');
        img.src = m.url;
        img.alt = m.name;
        img.loading = 'lazy';
        b.append(img);
        b.addEventListener('click', function () { openViewer(m); });
        thumbs.append(b);
      } else {
        const a = el('a', 'tr-media-link', m.name);
        a.href = m.url;
        box.append(a);
      }
    });
    if (thumbs.children.length) { box.append(thumbs); }
  }

  function renderAudio(audio) {
    audio.forEach(function (t) {
      const sec = el('section', 'tr-audio');
      sec.append(el('h4', null, 'Audio: ' + (t.raw || t.file) + (t.setting ? ' · ' + t.setting : '')));
      const table = el('table', 'tr-transcript');
      t.utterances.forEach(function (u) {
        const tr = el('tr', 'tr-utterance');
        tr.dataset.time = u.time;
        tr.dataset.offset = u.offset;
        const clock = el('td', 'tr-clock');
        clock.append(u.time ? clockButton(u.time) : '');
        tr.append(clock, el('td', 'tr-speaker',
          (u.speaker !== '' ? 'Speaker ' + u.speaker : '') + (u.source ? ' (' + u.source + ')' : '')),
          el('td', 'tr-text', u.text));
        table.append(tr);
      });
      sec.append(table);
      box.append(sec);
    });
  }

  function pane(p, tmux) {
    const pre = el('pre', 'tr-pane' + (p.active ? ' tr-pane-active' : ''));
    if (Array.isArray(p.runs)) {
      p.runs.forEach(function (r) { pre.append(r.classes ? el('span', r.classes, r.text) : document.createTextNode(r.text)); });
    } else {
      pre.textContent = p.text;
    }
    pre.title = 'tmux ' + tmux.session + ':' + tmux.window + ' pane ' + p.index;
    return pre;
  }

  function renderScreens(screens) {
    screens.forEach(function (s) {
      const sec = el('section', 'tr-screen');
      sec.append(el('h4', null, (s.tmux ? 'Terminal (tmux): ' : 'Screen: ') + (s.raw || s.file)));
      s.frames.forEach(function (f) {
        const fr = el('div', 'tr-frame');
        fr.dataset.time = f.time;
        const head = el('div', 'tr-frame-head');
        head.append(clockButton(f.time));
        if (f.category) { head.append(el('span', 'tr-tag', f.category)); }
        fr.append(head);
        if (f.description) { fr.append(el('p', 'tr-desc', f.description)); }
        if (f.tmux) { f.tmux.panes.forEach(function (p) { fr.append(pane(p, f.tmux)); }); }
        sec.append(fr);
      });
      box.append(sec);
    });
  }

  function renderSegment(seg) {
    box.replaceChildren();
    box.append(el('h3', 'tr-seg-title', seg.start + ' – ' + seg.end));
    renderMedia(seg.media);
    if (!seg.audio.length && !seg.screens.length) {
      box.append(el('p', 'tr-empty', 'Nothing was transcribed in this segment.'));
    }
    renderAudio(seg.audio);
    renderScreens(seg.screens);
    seg.insights.forEach(function (i) {
      const d = el('details', 'tr-insight');
      d.append(el('summary', null, i.topic));
      const body = el('div', 'tr-markdown');
      body.innerHTML = i.html; // escaped and sanitized server-side
      d.append(body);
      box.append(d);
    });
  }

  // ---- start ----
  root.querySelectorAll('.tr-hours [data-hour]').forEach(function (s) {
    s.style.left = (100 * Number(s.dataset.hour) / 24) + '%';
  });
  document.getElementById('tr-date').textContent = apps.formatDay(day);
  window.addEventListener('popstate', function () {
    const st = urlState();
    showError(null);
    if (st.segment && st.segment === selected) { markTime(st.t); } else { open(st.segment, st.t); }
  });
  getJson('/app/transcripts/api/day/' + encodeURIComponent(day)).then(function (data) {
    dayWarnings = Array.isArray(data.warnings) ? data.warnings : [];
    warnings();
    renderDay(data);
    const st = urlState();
    if (st.segment) { open(st.segment, st.t); }
  }).catch(showError);
})();
