// Transcripts: the day's segments on a 24-hour bar and in a list; a selected segment shows its media, transcript,
// screen frames and tmux panes. All journal text is inserted with textContent; only server-rendered (escaped)
// insight HTML is inserted as HTML.
(function () {
  'use strict';
  const root = document.getElementById('tr-app');
  if (!root) { return; }
  const DAY_SECONDS = 86400;
  let selected = null;

  const el = window.engram.el;

  const today = window.engram.today;

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

  function renderDay(data) {
    const bar = document.getElementById('tr-bar');
    const list = document.getElementById('tr-list');
    bar.replaceChildren();
    list.replaceChildren();
    if (!data.segments.length) { list.append(el('li', 'tr-empty', 'No segments recorded on this day.')); }
    data.segments.forEach(function (s) {
      const block = el('button', 'tr-block');
      block.type = 'button';
      block.title = s.start + '–' + s.end;
      block.style.left = (100 * s.start_seconds / DAY_SECONDS) + '%';
      // a segment running past midnight is cut at the end of the bar
      const shown = Math.min(s.length_seconds, DAY_SECONDS - s.start_seconds);
      block.style.width = Math.max(0.4, 100 * shown / DAY_SECONDS) + '%';
      block.dataset.segment = s.key;
      block.setAttribute('role', 'listitem');
      block.addEventListener('click', function () { open(s.key); });
      bar.append(block);

      const li = el('li', 'tr-item');
      const btn = el('button', 'tr-item-btn');
      btn.type = 'button';
      btn.dataset.segment = s.key;
      btn.append(el('span', 'tr-item-time', s.start.slice(0, 5) + '–' + s.end.slice(0, 5)));
      const tags = el('span', 'tr-item-tags');
      if (s.has_audio) { tags.append(el('span', 'tr-tag', 'audio')); }
      if (s.has_screen) { tags.append(el('span', 'tr-tag', 'screen')); }
      btn.append(tags);
      btn.addEventListener('click', function () { open(s.key); });
      li.append(btn);
      list.append(li);
    });
  }

  function markSelected() {
    root.querySelectorAll('[data-segment]').forEach(function (e) {
      e.classList.toggle('tr-selected', e.dataset.segment === selected);
    });
  }

  function open(key) {
    selected = key;
    markSelected();
    const day = root.dataset.day || today();
    getJson('/app/transcripts/api/segment/' + day + '/' + encodeURIComponent(key))
      .then(function (seg) { showError(null); renderSegment(seg); })
      .catch(showError);
  }

  function renderMedia(box, media) {
    media.forEach(function (m) {
      if (m.kind === 'audio' || m.kind === 'video') {
        const player = el(m.kind, 'tr-player');
        player.controls = true;
        player.preload = 'none';
        player.src = m.url;
        const fig = el('figure', 'tr-media');
        fig.append(player, el('figcaption', null, m.name));
        box.append(fig);
      } else {
        const a = el('a', 'tr-media-link', m.name);
        a.href = m.url;
        box.append(a);
      }
    });
  }

  function renderAudio(box, audio) {
    audio.forEach(function (t) {
      const sec = el('section', 'tr-audio');
      sec.append(el('h4', null, 'Audio: ' + (t.raw || t.file) + (t.setting ? ' · ' + t.setting : '')));
      const table = el('table', 'tr-transcript');
      t.utterances.forEach(function (u) {
        const tr = el('tr', 'tr-utterance');
        tr.append(el('td', 'tr-clock', u.time), el('td', 'tr-speaker',
          (u.speaker !== '' ? 'Speaker ' + u.speaker : '') + (u.source ? ' (' + u.source + ')' : '')),
          el('td', 'tr-text', u.text));
        table.append(tr);
      });
      sec.append(table);
      box.append(sec);
    });
  }

  function renderScreens(box, screens) {
    screens.forEach(function (s) {
      const sec = el('section', 'tr-screen');
      sec.append(el('h4', null, (s.tmux ? 'Terminal (tmux): ' : 'Screen: ') + (s.raw || s.file)));
      s.frames.forEach(function (f) {
        const fr = el('div', 'tr-frame');
        const head = el('div', 'tr-frame-head');
        head.append(el('span', 'tr-clock', f.time));
        if (f.category) { head.append(el('span', 'tr-tag', f.category)); }
        fr.append(head);
        if (f.description) { fr.append(el('p', 'tr-desc', f.description)); }
        if (f.tmux) {
          f.tmux.panes.forEach(function (p) {
            const pre = el('pre', 'tr-pane' + (p.active ? ' tr-pane-active' : ''), p.text);
            pre.title = 'tmux ' + f.tmux.session + ':' + f.tmux.window + ' pane ' + p.index;
            fr.append(pre);
          });
        }
        sec.append(fr);
      });
      box.append(sec);
    });
  }

  function renderSegment(seg) {
    const box = document.getElementById('tr-segment');
    box.replaceChildren();
    box.append(el('h3', 'tr-seg-title', seg.start + ' – ' + seg.end));
    renderMedia(box, seg.media);
    if (!seg.audio.length && !seg.screens.length) {
      box.append(el('p', 'tr-empty', 'Nothing was transcribed in this segment.'));
    }
    renderAudio(box, seg.audio);
    renderScreens(box, seg.screens);
    seg.insights.forEach(function (i) {
      const d = el('details', 'tr-insight');
      d.append(el('summary', null, i.topic));
      const body = el('div', 'tr-markdown');
      body.innerHTML = i.html; // escaped and sanitized server-side
      d.append(body);
      box.append(d);
    });
  }

  const day = root.dataset.day || today();
  getJson('/app/transcripts/api/day/' + encodeURIComponent(day)).then(renderDay).catch(showError);
})();
