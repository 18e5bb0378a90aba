// Engram Convey shell, core: engram.api (JSON + CSRF), engram.el, appEvents (live bus events over SSE) and
// AppServices (badges, notifications). Beside it: dates.js (engram.formatDay & co., the date navigator and month
// view), facets.js (facet pills, kept live) and notices.js (health notices as notifications).
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
      // before 'load' the load handler below connects: an open stream must not hold up page loading
      if (document.readyState === 'complete') { connect(); }
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
    // notify({title, message, app?, level?: 'info'|'warn'|'error', autoDismiss?: ms}) -> id; text only, never HTML.
    notify: function (options) {
      var o = options || {};
      var box = document.getElementById('notifications');
      if (!box) { return 0; }
      var id = nextId++;
      var card = document.createElement('div');
      card.className = 'notification' + (/^[a-z]+$/.test(o.level || '') ? ' level-' + o.level : '');
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
