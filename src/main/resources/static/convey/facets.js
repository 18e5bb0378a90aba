// Facet pills: window.facetsData, window.selectedFacet, window.selectFacet(name) and the 'facet.switch' event (as the
// reference has), kept live without a reload: engram.refreshFacets() re-reads GET /api/facets and re-renders the pills
// keeping the selection. It runs on a window 'engram:facets-changed' event (an app that changed facets dispatches it)
// and on the bus event journal.changed of kind facet, convey or missed; afterwards window gets 'engram:facets-updated'
// with detail {facets, selected}.
(function () {
  'use strict';
  var engram = window.engram;
  var KINDS = { facet: true, convey: true, missed: true };

  function mark(name) {
    document.querySelectorAll('.facet-pill').forEach(function (p) {
      var on = p.dataset.facet === name;
      p.classList.toggle('selected', on);
      p.setAttribute('aria-pressed', String(on));
    });
  }

  window.selectFacet = function (name) {
    return engram.api('POST', '/api/config/facets/select', { facet: name || 'all' }).then(function () {
      window.selectedFacet = name || '';
      mark(window.selectedFacet);
      window.dispatchEvent(new CustomEvent('facet.switch', { detail: { facet: window.selectedFacet } }));
    });
  };

  function pill(f) {
    var b = engram.el('button', 'facet-pill' + (f.muted ? ' muted' : ''), (f.emoji ? f.emoji + ' ' : '') + f.title);
    b.type = 'button';
    b.dataset.facet = f.name;
    if (f.name) {
      b.dataset.title = f.title;
      b.dataset.emoji = f.emoji || '';
      b.dataset.color = f.color || '';
    }
    return b;
  }

  // Draws the pills from the facet list: muted ones only where the app shows them.
  function render(facets) {
    var bar = document.getElementById('facet-bar');
    if (!bar) { return; }
    var withMuted = document.body.dataset.facetBar === 'shown_with_muted';
    var pills = [pill({ name: '', title: 'All' })];
    facets.forEach(function (f) {
      if (!f.muted || withMuted) { pills.push(pill(f)); }
    });
    bar.replaceChildren.apply(bar, pills);
    mark(window.selectedFacet);
  }

  var pending = null;
  var again = false;
  // refreshFacets() -> Promise: re-reads the facets; a call while one is running runs once more after it.
  engram.refreshFacets = function () {
    if (pending) { again = true; return pending; }
    pending = engram.api('GET', '/api/facets').then(function (r) {
      window.facetsData = r.facets.map(function (f) {
        return { name: f.name, title: f.title, emoji: f.emoji, color: f.color, muted: f.muted };
      });
      var known = r.facets.some(function (f) { return f.name === window.selectedFacet; });
      var lost = window.selectedFacet && !known;
      if (lost) { window.selectedFacet = ''; }
      render(r.facets);
      window.dispatchEvent(new CustomEvent('engram:facets-updated',
        { detail: { facets: window.facetsData, selected: window.selectedFacet } }));
      if (lost) { window.dispatchEvent(new CustomEvent('facet.switch', { detail: { facet: '' } })); }
    }).catch(function (e) {
      console.warn('could not refresh the facets', e);
    }).then(function () {
      pending = null;
      if (again) { again = false; engram.refreshFacets(); }
    });
    return pending;
  };

  window.addEventListener('engram:facets-changed', function () { engram.refreshFacets(); });
  window.appEvents.listen('journal', function (m) {
    if (m.event === 'changed' && KINDS[m.kind]) { engram.refreshFacets(); }
  });

  document.addEventListener('DOMContentLoaded', function () {
    window.selectedFacet = document.body.dataset.facet || '';
    window.facetsData = Array.prototype.map.call(document.querySelectorAll('.facet-pill[data-facet]:not([data-facet=""])'),
      function (p) {
        return { name: p.dataset.facet, title: p.dataset.title, emoji: p.dataset.emoji, color: p.dataset.color,
          muted: p.classList.contains('muted') };
      });
    var bar = document.getElementById('facet-bar');
    if (bar) {
      bar.addEventListener('click', function (e) {
        var p = e.target.closest('.facet-pill');
        if (p && bar.contains(p)) { window.selectFacet(p.dataset.facet); }
      });
    }
  });
})();
