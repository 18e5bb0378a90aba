// The range of days of the Stats and Tokens pages: two date inputs, presets (7/30/90/365 days ending at the shown
// end), the range in the URL (?from=YYYYMMDD&to=YYYYMMDD) so reload and links keep it, and summary number cards.
(function () {
  'use strict';
  const el = window.engram.el;

  function iso(key) { return key ? key.slice(0, 4) + '-' + key.slice(4, 6) + '-' + key.slice(6, 8) : ''; }
  function key(isoText) { return (isoText || '').replace(/-/g, ''); }
  function shift(dayKey, days) {
    const d = new Date(Number(dayKey.slice(0, 4)), Number(dayKey.slice(4, 6)) - 1, Number(dayKey.slice(6, 8)) + days);
    return d.getFullYear() + String(d.getMonth() + 1).padStart(2, '0') + String(d.getDate()).padStart(2, '0');
  }

  // bind('stats', url => fetch...): calls load(query) with 'from=..&to=..' (empty: the server's default range);
  // load answers a promise of the data whose from/to are then shown in the inputs.
  function bind(prefix, load) {
    const form = document.getElementById(prefix + '-range');
    const from = document.getElementById(prefix + '-from');
    const to = document.getElementById(prefix + '-to');
    const err = document.getElementById(prefix + '-error');
    function go(fromKey, toKey, push) {
      const q = new URLSearchParams();
      if (fromKey) { q.set('from', fromKey); }
      if (toKey) { q.set('to', toKey); }
      const qs = q.toString();
      if (push !== undefined) { window.history.replaceState(null, '', window.location.pathname + (qs ? '?' + qs : '')); }
      err.hidden = true;
      return load(qs).then(function (data) {
        from.value = iso(data.from);
        to.value = iso(data.to);
        form.dataset.from = data.from;
        form.dataset.to = data.to;
      }).catch(function (e) { err.textContent = e.message; err.hidden = false; });
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      go(key(from.value), key(to.value), true);
    });
    form.querySelectorAll('[data-days]').forEach(function (b) {
      b.addEventListener('click', function () {
        const end = key(to.value) || form.dataset.to || window.engram.today();
        go(shift(end, 1 - Number(b.dataset.days)), end, true);
      });
    });
    const q = new URLSearchParams(window.location.search);
    go(q.get('from') || '', q.get('to') || '');
  }

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.json().then(function (b) {
          if (!r.ok) { throw new Error(b.error || ('HTTP ' + r.status)); }
          return b;
        });
      });
  }

  // summary(box, [[name, number text, label], ...])
  function summary(box, items) {
    box.replaceChildren();
    items.forEach(function (it) {
      const card = el('div', 'rg-stat');
      card.dataset.stat = it[0];
      card.append(el('span', 'rg-stat-n', it[1]), el('span', 'rg-stat-label', it[2]));
      box.append(card);
    });
  }

  function number(n) { return Number(n).toLocaleString(); }

  // 5400 seconds -> '1.5 h', 600 -> '10 min'
  function duration(seconds) {
    return seconds >= 3600 ? (seconds / 3600).toLocaleString(undefined, { maximumFractionDigits: 1 }) + ' h'
      : Math.round(seconds / 60) + ' min';
  }

  window.engramRanges = { bind: bind, getJson: getJson, summary: summary, number: number, duration: duration };
})();
