// Health notices (contract C5): the bus event {"tract":"health","event":"notice","source","level":"warn|error",
// "message"} becomes a shell notification naming its source. A flood does not bury the page: a notice already on
// screen only counts up (×N); at most BURST new cards per WINDOW_MS, the rest fold into one "more notices" card; at
// most MAX_CARDS notice cards at once (the oldest goes); warnings leave by themselves after WARN_MS, errors stay.
(function () {
  'use strict';
  var BURST = 3;
  var WINDOW_MS = 30000;
  var MAX_CARDS = 3;
  var WARN_MS = 30000;
  var shown = [];       // [{key, id, count}] oldest first
  var recent = [];      // times of the cards opened in the last WINDOW_MS
  var folded = null;    // {id, count, sources} of the "more notices" card

  function card(id) { return document.querySelector('.notification[data-id="' + id + '"]'); }

  function counter(c, n) {
    var span = c.querySelector('.notification-count');
    if (!span) {
      span = window.engram.el('span', 'notification-count');
      c.querySelector('strong').after(span);
    }
    span.textContent = ' ×' + n;
  }

  function fold(source, level) {
    if (folded && !card(folded.id)) { folded = null; }
    if (!folded) {
      folded = { id: 0, count: 0, sources: [] };
      var live = document.querySelector('.menu-item[data-app="live"]');
      folded.id = AppServices.notify({ title: 'More notices', level: level, app: live ? 'live' : undefined });
      card(folded.id).classList.add('notice-folded');
    }
    folded.count++;
    if (folded.sources.indexOf(source) < 0) { folded.sources.push(source); }
    var c = card(folded.id);
    if (level === 'error') { c.classList.remove('level-warn'); c.classList.add('level-error'); }
    c.querySelector('p').textContent = folded.count + ' more from ' + folded.sources.join(', ') +
      (document.querySelector('.menu-item[data-app="live"]') ? ': see Live Events.' : '.');
  }

  function notice(m) {
    var level = m.level === 'error' ? 'error' : 'warn';
    var source = String(m.source || 'engram');
    var message = String(m.message || '');
    var key = level + '\u0000' + source + '\u0000' + message;
    shown = shown.filter(function (s) { return card(s.id); });
    var same = shown.find(function (s) { return s.key === key; });
    if (same) { same.count++; counter(card(same.id), same.count); return; }
    var now = Date.now();
    recent = recent.filter(function (t) { return now - t < WINDOW_MS; });
    if (recent.length >= BURST) { fold(source, level); return; }
    recent.push(now);
    var id = AppServices.notify({ title: source + (level === 'error' ? ' · error' : ' · warning'), message: message,
      level: level, autoDismiss: level === 'warn' ? WARN_MS : 0 });
    card(id).classList.add('notice');
    shown.push({ key: key, id: id, count: 1 });
    while (shown.length > MAX_CARDS) { AppServices.dismiss(shown.shift().id); }
  }

  window.appEvents.listen('health', function (m) {
    if (m.event === 'notice') { notice(m); }
  });
})();
