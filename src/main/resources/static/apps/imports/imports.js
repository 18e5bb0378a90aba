// Imports app: upload a file (multipart, CSRF header) and list the imports with status and segment links.
(function () {
  'use strict';
  var el = engram.el;
  var form = document.getElementById('im-form');
  var fileInput = document.getElementById('im-file');
  var when = document.getElementById('im-when');
  var facetSelect = document.getElementById('im-facet');
  var statusLine = document.getElementById('im-status');
  var list = document.getElementById('im-list');
  var submit = document.getElementById('im-submit');
  // an import lists its first SHOWN segments, the rest behind a toggle; the imports whose toggle is open (kept
  // across the list's redraws)
  var SHOWN = 6;
  var opened = {};
  // the import this page started that goes on in the background: the status line follows it to its end
  var following = null;

  // "2024-01-15T09:30[:00[.000]]" -> "20240115_093000"; null when it is no start the journal can take (Chromium's
  // picker also takes a year of five digits, "20240-01-15T09:30": never silently dropped for the file's date)
  function stamp(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value);
    return m ? m[1] + m[2] + m[3] + '_' + m[4] + m[5] + (m[6] || '00') : null;
  }

  // The start to send: '' when none is given, null (and said) when the one given cannot be used.
  function start() {
    if (when.validity && when.validity.badInput) {
      say('The start time is incomplete: fill it in, or clear it to start at the file\'s date.', 'error');
      return null;
    }
    if (!when.value) { return ''; }
    var ts = stamp(when.value);
    if (!ts) {
      say('The start ' + when.value + ' cannot be used: give a year of four digits, or clear it to start at the'
        + ' file\'s date.', 'error');
    }
    return ts;
  }

  function say(text, level) {
    statusLine.textContent = text;
    statusLine.className = 'im-status' + (level ? ' im-' + level : '');
  }

  // 'The import <id> failed: <why>' once: the server's note may already say 'the import <id> failed: ...'
  function failedText(id, why) {
    var prefix = 'the import ' + id + ' failed';
    var text = String(why || '').trim();
    if (text.toLowerCase().indexOf(prefix.toLowerCase()) === 0) {
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
    return 'The import ' + id + ' failed' + (text ? ': ' + text : '.');
  }

  // Day and time in the browser's locale, as the card's date: '20240603' + '140000_60' -> 'Mon, Jun 3, 2024, 2:00 PM'
  function segmentLabel(s) {
    var d = /^(\d{4})(\d{2})(\d{2})$/.exec(s.day);
    var t = /^(\d{2})(\d{2})(\d{2})/.exec(s.segment);
    if (!d || !t) { return s.day + '/' + s.segment; }
    return engram.formatDateTime(new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]),
      Number(t[2]), Number(t[3])));
  }

  // when the import was made ('2026-12-01T10:49:00', this machine's time) in the browser's locale
  function createdLabel(created) {
    var d = created ? new Date(created) : null;
    return d && !isNaN(d) ? engram.formatDateTime(d) : created || '';
  }

  // Once the followed import is no longer importing, the status line says how it ended.
  function follow(imports) {
    var it = following && imports.filter(function (i) { return i.id === following; })[0];
    if (!it || it.status === 'importing') { return; }
    following = null;
    if (it.status === 'done') {
      say('Imported as ' + it.id + (it.segments.length ? ' (' + engramApps.plural(it.segments.length, 'segment')
        + ').' : '.'), 'ok');
    } else if (it.status === 'failed') {
      say(failedText(it.id, it.error), 'error');
    } else {
      say('The import ' + it.id + ' is ' + it.status + '.', 'warn');
    }
  }

  // "114 more segments" / "Show fewer": a button (Enter and Space work), aria-expanded and aria-controls set
  function moreToggle(id, segs) {
    var rest = segs.children.length - SHOWN;
    var b = el('button', 'im-more-segs');
    b.type = 'button';
    b.setAttribute('aria-controls', segs.id);
    function show() {
      var open = !!opened[id];
      b.textContent = open ? 'Show fewer' : engramApps.plural(rest, 'more segment');
      b.setAttribute('aria-expanded', String(open));
      Array.prototype.forEach.call(segs.children, function (li, i) { li.hidden = !open && i >= SHOWN; });
    }
    b.addEventListener('click', function () { opened[id] = !opened[id]; show(); });
    show();
    return b;
  }

  function render(data) {
    follow(data.imports);
    var keep = facetSelect.value;
    while (facetSelect.options.length > 1) { facetSelect.remove(1); }
    (data.facets || []).forEach(function (f) { facetSelect.appendChild(el('option', null, f)).value = f; });
    facetSelect.value = keep;
    list.textContent = '';
    if (!data.imports.length) {
      list.appendChild(el('li', 'im-empty', 'Nothing imported yet.'));
      return;
    }
    data.imports.forEach(function (it) {
      var li = el('li', 'im-item');
      li.dataset.id = it.id;
      var head = el('div', 'im-head');
      head.appendChild(el('span', 'im-name', it.original_filename || it.id));
      head.appendChild(el('span', 'im-badge im-' + it.status, it.status));
      head.appendChild(el('span', 'im-meta', [it.file_type, it.facet ? 'facet ' + it.facet : '',
        createdLabel(it.created)].filter(Boolean).join(' · ')));
      li.appendChild(head);
      var parts = [];
      if (it.segments.length) { parts.push(engramApps.plural(it.segments.length, 'segment')); }
      if (it.events) { parts.push(engramApps.plural(it.events, 'event')); }
      if (it.status === 'importing' && it.progress) {
        parts.push('transcribed ' + it.progress.done + ' of ' + it.progress.total + ' windows');
      }
      if (parts.length) { li.appendChild(el('div', 'im-counts', parts.join(', '))); }
      if (it.segments.length) {
        var segs = el('ul', 'im-segments');
        segs.id = 'im-segs-' + it.id;
        it.segments.forEach(function (s) {
          var a = el('a', 'im-seg', segmentLabel(s));
          a.href = s.url;
          var sl = el('li');
          sl.appendChild(a);
          segs.appendChild(sl);
        });
        li.appendChild(segs);
        if (it.segments.length > SHOWN) { li.appendChild(moreToggle(it.id, segs)); }
      }
      if (it.error) { li.appendChild(el('div', 'im-error', it.error)); }
      (it.notes || []).forEach(function (n) { li.appendChild(el('div', 'im-note', n)); });
      list.appendChild(li);
    });
    if (data.more) {
      list.appendChild(el('li', 'im-more', engramApps.plural(data.more, 'older import') + ' not shown'));
    }
  }

  function load() {
    return engram.api('GET', '/app/imports/api/list').then(render).catch(function (e) {
      list.textContent = '';
      list.appendChild(el('li', 'im-error', 'Cannot list imports: ' + e.message));
    });
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!fileInput.files.length) { say('Choose a file first.', 'error'); return; }
    var ts = start();
    if (ts === null) { when.focus(); return; } // nothing uploaded
    var body = new FormData();
    body.append('file', fileInput.files[0]);
    if (ts) { body.append('timestamp', ts); }
    // when no start is given, the content starts at the file's modification time, as with engram import
    if (fileInput.files[0].lastModified) { body.append('modified', String(fileInput.files[0].lastModified)); }
    if (facetSelect.value) { body.append('facet', facetSelect.value); }
    submit.disabled = true;
    following = null;
    say('Importing ' + fileInput.files[0].name + '…');
    fetch('/app/imports/api/upload', {
      method: 'POST', credentials: 'same-origin', body: body,
      headers: { 'Accept': 'application/json', 'X-CSRF-Token': engram.csrfToken() }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) { throw new Error(data.error || ('HTTP ' + r.status)); }
        return data;
      });
    }).then(function (data) {
      var said = {
        // the first note says what this line says; a later one, e.g. that a calendar's events stay in their facet
        duplicate: [['Already imported (' + data.id + '): nothing added.'].concat((data.notes || []).slice(1))
          .join(' '), 'warn'],
        importing: ['Importing ' + data.id + ' in the background: its progress shows below.', 'ok'],
        failed: [failedText(data.id, (data.notes || []).join(' ')), 'error']
      }[data.status] || ['Imported as ' + data.id + '.', 'ok'];
      say(said[0], said[1]);
      if (data.status === 'importing') { following = data.id; }
      form.reset();
      return load();
    }).catch(function (e) {
      say('Import failed: ' + e.message, 'error');
    }).then(function () { submit.disabled = false; });
  });

  if (window.appEvents) {
    appEvents.listen('importer', function () { load(); });
  }
  // and while one is followed, every 5 s: its end is said even should the live event be missed
  setInterval(function () { if (following) { load(); } }, 5000);
  load();
})();
