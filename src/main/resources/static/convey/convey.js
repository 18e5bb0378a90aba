// Engram Convey shell: engram.api (JSON + CSRF), appEvents (live bus events over SSE), AppServices (badges,
// notifications), facet pills and the date navigator.
(function () {
  'use strict';

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  // engram.api(method, url, body) -> Promise of the parsed JSON; rejects with an Error carrying status and reason_code.
  window.engram = {
    csrfToken: csrfToken,
    // el(tag, className, text): a new element; text is always inserted as text, never as HTML.
    el: function (tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (text !== undefined && text !== null) { e.textContent = String(text); }
      return e;
    },
    // today(): this browser's local date as YYYYMMDD.
    today: function () {
      var d = new Date();
      return d.getFullYear() + String(d.getMonth() + 1).padStart(2, '0') + String(d.getDate()).padStart(2, '0');
    },
    api: function (method, url, body) {
      var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
      if (method !== 'GET' && method !== 'HEAD') {
        init.headers['X-CSRF-Token'] = csrfToken();
      }
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      return fetch(url, init).then(function (r) {
        return r.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
          if (!r.ok) {
            var err = new Error((data && data.error) || ('HTTP ' + r.status));
            err.status = r.status;
            err.reasonCode = data && data.reason_code;
            throw err;
          }
          return data;
        });
      });
    }
  };

  // appEvents.listen(tract or '*', callback) -> unsubscribe function.
  var listeners = [];
  var source = null;
  var delay = 1000;
  function setStatus(state) {
    var el = document.getElementById('live-status');
    if (el) {
      el.className = 'live-status ' + state;
      el.title = 'Live events: ' + state;
    }
  }
  function connect() {
    if (source || typeof EventSource === 'undefined') { return; }
    setStatus('connecting');
    source = new EventSource('/sse/events');
    source.onopen = function () { delay = 1000; setStatus('connected'); };
    source.onmessage = function (e) {
      var msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      listeners.slice().forEach(function (l) {
        if (l.tract === '*' || l.tract === msg.tract) {
          try { l.callback(msg); } catch (err) { console.error('appEvents listener failed', err); }
        }
      });
    };
    source.onerror = function () {
      if (source) { source.close(); source = null; }
      setStatus('disconnected');
      setTimeout(connect, delay);
      delay = Math.min(delay * 1.5, 15000);
    };
  }
  window.appEvents = {
    listen: function (tract, callback) {
      var entry = { tract: tract || '*', callback: callback };
      listeners.push(entry);
      connect();
      return function () {
        var i = listeners.indexOf(entry);
        if (i >= 0) { listeners.splice(i, 1); }
      };
    }
  };

  // AppServices: badges on menu items and notifications, for background scripts.
  var nextId = 1;
  window.AppServices = {
    badge: function (app, count) {
      var el = document.querySelector('.menu-item[data-app="' + app + '"] .badge');
      if (!el) { return; }
      var n = Number(count) || 0;
      el.textContent = n > 99 ? '99+' : String(n);
      el.hidden = n <= 0;
    },
    notify: function (options) {
      var o = options || {};
      var box = document.getElementById('notifications');
      if (!box) { return 0; }
      var id = nextId++;
      var card = document.createElement('div');
      card.className = 'notification';
      card.dataset.id = String(id);
      if (o.app) { card.dataset.app = o.app; }
      var title = document.createElement('strong');
      title.textContent = o.title || '';
      var message = document.createElement('p');
      message.textContent = o.message || '';
      var close = document.createElement('button');
      close.type = 'button';
      close.className = 'notification-close';
      close.textContent = '×';
      close.addEventListener('click', function () { AppServices.dismiss(id); });
      card.appendChild(close);
      card.appendChild(title);
      card.appendChild(message);
      if (o.app) {
        card.addEventListener('click', function (e) {
          if (e.target !== close) { window.location.href = '/app/' + encodeURIComponent(o.app) + '/'; }
        });
      }
      box.appendChild(card);
      if (o.autoDismiss) { setTimeout(function () { AppServices.dismiss(id); }, Number(o.autoDismiss) || 5000); }
      return id;
    },
    dismiss: function (id) {
      var card = document.querySelector('.notification[data-id="' + id + '"]');
      if (card) { card.remove(); }
    }
  };

  // Facets: window.selectedFacet, window.selectFacet(name), and a 'facet.switch' event.
  window.selectFacet = function (name) {
    return engram.api('POST', '/api/config/facets/select', { facet: name || 'all' }).then(function () {
      window.selectedFacet = name || '';
      document.querySelectorAll('.facet-pill').forEach(function (p) {
        var on = p.dataset.facet === (name || '');
        p.classList.toggle('selected', on);
        p.setAttribute('aria-pressed', String(on));
      });
      window.dispatchEvent(new CustomEvent('facet.switch', { detail: { facet: name || '' } }));
    });
  };

  function dayKey(date) {
    var m = String(date.getMonth() + 1).padStart(2, '0');
    var d = String(date.getDate()).padStart(2, '0');
    return date.getFullYear() + m + d;
  }
  function parseDay(key) {
    return new Date(Number(key.slice(0, 4)), Number(key.slice(4, 6)) - 1, Number(key.slice(6, 8)));
  }

  function toggleMonth(app, day, allowFuture, today) {
    var view = document.getElementById('month-view');
    if (!view.hidden) { view.hidden = true; return; }
    var first = parseDay(day.slice(0, 6) + '01');
    var month = day.slice(0, 6);
    view.innerHTML = '';
    var grid = document.createElement('div');
    grid.className = 'month-grid';
    for (var i = 0; i < (first.getDay() + 6) % 7; i++) { grid.appendChild(document.createElement('span')); }
    var cursor = new Date(first);
    var cells = {};
    while (cursor.getMonth() === first.getMonth()) {
      var key = dayKey(cursor);
      var a = document.createElement('a');
      a.textContent = String(cursor.getDate());
      a.className = 'month-day' + (key === day ? ' current' : '');
      if (allowFuture || key <= today) { a.href = '/app/' + app + '/' + key; } else { a.className += ' future'; }
      cells[key] = a;
      grid.appendChild(a);
      cursor.setDate(cursor.getDate() + 1);
    }
    view.appendChild(grid);
    view.hidden = false;
    engram.api('GET', '/app/' + app + '/api/stats/' + month).then(function (stats) {
      Object.keys(stats || {}).forEach(function (k) {
        if (cells[k] && Number(stats[k]) > 0) {
          cells[k].classList.add('has-data');
          cells[k].title = stats[k] + ' item(s)';
        }
      });
    }).catch(function () { /* the app has no stats: plain calendar */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var body = document.body;
    window.selectedFacet = body.dataset.facet || '';
    window.facetsData = Array.prototype.map.call(document.querySelectorAll('.facet-pill[data-facet]:not([data-facet=""])'),
      function (p) { return { name: p.dataset.facet, title: p.textContent.trim(), muted: p.classList.contains('muted') }; });
    document.querySelectorAll('.facet-pill').forEach(function (pill) {
      pill.addEventListener('click', function () { window.selectFacet(pill.dataset.facet); });
    });
    if (body.dataset.dateNav === 'true') {
      var app = body.dataset.app;
      var day = body.dataset.day;
      var today = body.dataset.today;
      var allowFuture = body.dataset.allowFuture === 'true';
      var label = document.getElementById('day-label');
      if (label) { label.addEventListener('click', function () { toggleMonth(app, day, allowFuture, today); }); }
      document.addEventListener('keydown', function (e) {
        var t = e.target;
        if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) {
          return;
        }
        var link = null;
        if (e.key === 'ArrowLeft') { link = document.getElementById('day-prev'); }
        if (e.key === 'ArrowRight') { link = document.getElementById('day-next'); }
        if (e.key === 't') { link = document.getElementById('day-today'); }
        if (link) { e.preventDefault(); window.location.href = link.getAttribute('href'); }
      });
    }
  });
  // Close the stream when leaving the page: a page kept in the back/forward cache would otherwise hold one of the
  // browser's few connections to this host; reconnect if the page is shown again.
  window.addEventListener('pagehide', function () {
    if (source) { source.close(); source = null; }
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted && document.getElementById('live-status')) { connect(); }
  });
  // Connect after 'load' so the open stream never holds up page loading.
  window.addEventListener('load', function () {
    if (document.getElementById('live-status')) { setTimeout(connect, 0); }
  });
})();
