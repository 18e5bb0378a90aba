// Dates in the browser's locale (one format across the UI) and the shell's date navigator with its month view.
// engram.formatDay / formatTime / formatDateTime / formatMonth / weekdays / weekStart / parseDay / dayKey are for
// every app script: they format with Intl.DateTimeFormat in the browser's locale unless options.locale says otherwise.
(function () {
  'use strict';
  var engram = window.engram;
  var el = engram.el;
  var DAY = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
  var TIME = { hour: 'numeric', minute: '2-digit' };
  var MONTH = { month: 'long', year: 'numeric' };

  function pad(n) { return String(n).padStart(2, '0'); }

  // dayKey(date) -> 'YYYYMMDD' of the date's local day.
  function dayKey(d) { return d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()); }

  // parseDay('YYYYMMDD' | 'YYYY-MM-DD' | Date) -> the local midnight of that day, or null when it is no real date.
  function parseDay(v) {
    if (v instanceof Date) { return isNaN(v) ? null : new Date(v.getFullYear(), v.getMonth(), v.getDate()); }
    var m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(String(v === undefined || v === null ? '' : v));
    if (!m) { return null; }
    var d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]) ? d : null;
  }

  // A Date from a Date, epoch milliseconds, a day (see parseDay), a time of day 'HH:MM[:SS]' or an ISO timestamp.
  function toDate(v) {
    if (v instanceof Date) { return isNaN(v) ? null : v; }
    if (typeof v === 'number') { return new Date(v); }
    var s = String(v === undefined || v === null ? '' : v);
    var t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(s);
    if (t) { return new Date(2000, 0, 1, Number(t[1]), Number(t[2]), Number(t[3] || 0)); }
    var day = parseDay(s);
    if (day) { return day; }
    var d = new Date(s);
    return isNaN(d) ? null : d;
  }

  // Formats with the defaults unless options carry dateStyle/timeStyle; options.locale picks a locale (tests, apps).
  function format(value, defaults, options) {
    var date = toDate(value);
    if (!date) { return value === undefined || value === null ? '' : String(value); }
    var o = Object.assign({}, options || {});
    var locale = o.locale;
    delete o.locale;
    if (o.seconds) { o.second = '2-digit'; }
    delete o.seconds;
    var opts = o.dateStyle || o.timeStyle ? o : Object.assign({}, defaults, o);
    try {
      return new Intl.DateTimeFormat(locale, opts).format(date);
    } catch (e) {
      return new Intl.DateTimeFormat(undefined, defaults).format(date);
    }
  }

  // weekStart(locale?) -> the first day of the week, 0 = Sunday … 6 = Saturday; Monday when the browser cannot tell.
  function weekStart(locale) {
    try {
      var l = new Intl.Locale(locale || new Intl.DateTimeFormat().resolvedOptions().locale);
      var info = typeof l.getWeekInfo === 'function' ? l.getWeekInfo() : l.weekInfo;
      if (info && info.firstDay) { return info.firstDay % 7; }
    } catch (e) { /* an old browser: Monday */ }
    return 1;
  }

  engram.dayKey = dayKey;
  engram.parseDay = parseDay;
  // formatDay(day, options?) e.g. 'Mon 15 Jan 2024' (en-GB), 'Mon, Jan 15, 2024' (en-US), 'Mo., 15. Jan. 2024' (de)
  engram.formatDay = function (day, options) { return format(day, DAY, options); };
  // formatTime('14:05' | '14:05:09' | Date | ISO | ms, options?) e.g. '14:05' or '2:05 PM'; {seconds: true} adds them
  engram.formatTime = function (time, options) { return format(time, TIME, options); };
  // formatDateTime(Date | ISO timestamp | ms, options?): day and time together
  engram.formatDateTime = function (value, options) { return format(value, Object.assign({}, DAY, TIME), options); };
  // formatMonth('YYYYMM' | 'YYYYMMDD' | Date, options?) e.g. 'January 2024'
  engram.formatMonth = function (month, options) {
    var v = /^\d{6}$/.test(String(month)) ? String(month) + '01' : month;
    return format(v, MONTH, options);
  };
  engram.weekStart = weekStart;
  // weekdays(locale?) -> seven short weekday names, starting with the locale's first day of the week
  engram.weekdays = function (locale) {
    var first = weekStart(locale);
    var names = [];
    for (var i = 0; i < 7; i++) {
      // 7 January 2024 was a Sunday
      names.push(format(new Date(2024, 0, 7 + (first + i) % 7), { weekday: 'short' }, { locale: locale }));
    }
    return names;
  };

  function monthOf(day) { return day.slice(0, 6); }
  function addMonths(month, n) {
    var d = new Date(Number(month.slice(0, 4)), Number(month.slice(4, 6)) - 1 + n, 1);
    return d.getFullYear() + pad(d.getMonth() + 1);
  }

  // The month view under the day label: month name, previous/next month, weekday headers, days shaded by how much
  // the app recorded on them (its GET /app/<app>/api/stats/<YYYYMM> answers {"YYYYMMDD": count}).
  function MonthView(view, nav, label) {
    var shown = '';
    var stats = {};

    function counts(month) {
      if (!stats[month]) {
        stats[month] = engram.api('GET', '/app/' + encodeURIComponent(nav.app) + '/api/stats/' + month)
          .catch(function () { return {}; });
      }
      return stats[month];
    }

    function shade(cells, data) {
      var max = 0;
      Object.keys(cells).forEach(function (k) { max = Math.max(max, Number(data[k]) || 0); });
      Object.keys(cells).forEach(function (k) {
        var n = Number(data[k]) || 0;
        if (n <= 0) { return; }
        var cell = cells[k];
        cell.classList.add('has-data', 'level-' + Math.max(1, Math.ceil(4 * n / max)));
        cell.dataset.count = String(n);
        cell.title = engram.formatDay(k) + ' · ' + n + ' recorded';
      });
    }

    function step(label, text, n, disabled) {
      var b = el('button', 'month-step ' + (n < 0 ? 'month-prev' : 'month-next'), text);
      b.type = 'button';
      b.title = label;
      b.setAttribute('aria-label', label);
      b.disabled = disabled;
      b.addEventListener('click', function (e) { e.stopPropagation(); show(addMonths(shown, n)); });
      return b;
    }

    function show(month) {
      shown = month;
      view.replaceChildren();
      var head = el('div', 'month-head');
      var title = el('span', 'month-title', engram.formatMonth(month));
      title.dataset.month = month;
      head.append(step('Previous month', '‹', -1, false), title,
        step('Next month', '›', 1, !nav.allowFuture && month >= monthOf(nav.today)));
      var grid = el('div', 'month-grid');
      engram.weekdays().forEach(function (name) { grid.append(el('span', 'month-weekday', name)); });
      var first = parseDay(month + '01');
      for (var i = (first.getDay() - weekStart() + 7) % 7; i > 0; i--) { grid.append(el('span', 'month-blank')); }
      var cells = {};
      for (var d = new Date(first); d.getMonth() === first.getMonth(); d.setDate(d.getDate() + 1)) {
        var key = dayKey(d);
        var a = el('a', 'month-day', d.getDate());
        a.dataset.day = key;
        a.title = engram.formatDay(key);
        if (key === nav.day) { a.classList.add('current'); a.setAttribute('aria-current', 'date'); }
        if (key === nav.today) { a.classList.add('today'); }
        if (nav.allowFuture || key <= nav.today) {
          a.href = '/app/' + encodeURIComponent(nav.app) + '/' + key;
        } else {
          a.classList.add('future');
          a.setAttribute('aria-disabled', 'true');
        }
        cells[key] = a;
        grid.append(a);
      }
      view.append(head, grid);
      counts(month).then(function (data) { if (shown === month) { shade(cells, data || {}); } });
    }

    function expanded() { if (label) { label.setAttribute('aria-expanded', String(!view.hidden)); } }

    return {
      open: function () { show(monthOf(nav.day)); view.hidden = false; expanded(); },
      close: function () { view.hidden = true; expanded(); },
      toggle: function () { if (view.hidden) { this.open(); } else { this.close(); } },
      step: function (n) { if (!view.hidden) { show(addMonths(shown, n)); } }
    };
  }

  document.addEventListener('DOMContentLoaded', function () {
    var body = document.body;
    if (body.dataset.dateNav !== 'true') { return; }
    var nav = { app: body.dataset.app, day: body.dataset.day, today: body.dataset.today,
      allowFuture: body.dataset.allowFuture === 'true' };
    var label = document.getElementById('day-label');
    var view = document.getElementById('month-view');
    var month = MonthView(view, nav, label);
    if (label) {
      label.textContent = engram.formatDay(nav.day);
      label.setAttribute('aria-expanded', 'false');
      label.addEventListener('click', function (e) {
        e.stopPropagation();
        month.toggle();
      });
    }
    [['day-prev', ' (←)'], ['day-next', ' (→)']].forEach(function (p) {
      var link = document.getElementById(p[0]);
      var key = link && link.getAttribute('href').split('/').pop();
      if (key) { link.title = engram.formatDay(key) + p[1]; }
    });
    // a click outside the navigator closes the month view
    document.addEventListener('click', function (e) {
      if (!view.hidden && !document.getElementById('date-nav').contains(e.target)) { month.close(); }
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
        return;
      }
      if (e.key === 'Escape') { month.close(); return; }
      if (e.key === 'PageUp' || e.key === 'PageDown') {
        if (!view.hidden) { e.preventDefault(); month.step(e.key === 'PageUp' ? -1 : 1); }
        return;
      }
      var link = null;
      if (e.key === 'ArrowLeft') { link = document.getElementById('day-prev'); }
      if (e.key === 'ArrowRight') { link = document.getElementById('day-next'); }
      if (e.key === 't') { link = document.getElementById('day-today'); }
      if (link) { e.preventDefault(); window.location.href = link.getAttribute('href'); }
    });
  });
})();
