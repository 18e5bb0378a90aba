// Helpers the built-in apps share: plural wording, day and time formatting in the browser's locale, the notice
// listing a day API's "warnings" (contract C6), and the notice saying what to configure before the think pipeline
// can fill the page in (a view's "setup" field), the provider picker of Chat and Agents. Everything is inserted as text, never as HTML.
(function () {
  'use strict';
  const el = window.engram.el;

  // plural(1, 'event') -> '1 event'; plural(2, 'event') -> '2 events'; plural(2, 'entry', 'entries') -> '2 entries'
  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : (many || one + 's'));
  }

  function dateOf(key) {
    return new Date(Number(key.slice(0, 4)), Number(key.slice(4, 6)) - 1, Number(key.slice(6, 8)));
  }

  // formatDay('20261128') -> 'Saturday, 28 November 2026' in the browser's locale. The shell's engram.formatDay
  // is used when the shell provides it.
  function formatDay(key) {
    if (typeof window.engram.formatDay === 'function') { return window.engram.formatDay(key); }
    if (!/^\d{8}$/.test(key || '')) { return key || ''; }
    return dateOf(key).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  }

  // formatTime(date) -> '14:05' (or '2:05 PM') in the browser's locale; the shell's engram.formatTime when present.
  function formatTime(date) {
    if (typeof window.engram.formatTime === 'function') { return window.engram.formatTime(date); }
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }

  // showWarnings(box, warnings): fills (or hides) the notice with one line per {file, line, message}.
  function showWarnings(box, warnings) {
    box.replaceChildren();
    const list = Array.isArray(warnings) ? warnings : [];
    box.hidden = list.length === 0;
    if (!list.length) { return; }
    box.append(el('strong', null, 'Part of this day could not be read (' + plural(list.length, 'problem') + '):'));
    const ul = el('ul', 'apps-warning-list');
    list.forEach(function (w) {
      const li = el('li', 'apps-warning');
      const where = (w.file || '') + (w.line ? ':' + w.line : '');
      if (where) { li.append(el('code', 'apps-warning-file', where), ' '); }
      li.append(el('span', 'apps-warning-message', w.message || ''));
      ul.append(li);
    });
    box.append(ul);
  }

  // showSetup(box, setup): fills (or hides, when setup is null) the notice from a view's {needed, message, how}.
  function showSetup(box, setup) {
    if (!box) { return; }
    box.replaceChildren();
    box.hidden = !setup;
    if (!setup) { return; }
    box.append(el('strong', 'apps-setup-title', 'Waiting for an LLM provider'),
      el('p', 'apps-setup-message', setup.message || ''),
      el('p', 'apps-setup-how', setup.how || ''));
  }

  // fillProviders(select, hint, answer): the provider picker of Chat and Agents from a personas answer's providers
  // ({name, model, type}: never a key or URL) after the select's own "by tier" option; with none configured the
  // select is disabled and the hint says how to configure one.
  function fillProviders(select, hint, answer) {
    answer.providers.forEach(function (p) {
      const o = el('option', null, p.name + (p.model ? ' · ' + p.model : '') + ' (' + p.type + ')');
      o.value = p.name;
      select.appendChild(o);
    });
    if (!answer.providers.length) {
      select.disabled = true;
      hint.textContent = answer.how_to_configure;
      hint.hidden = false;
    }
  }

  window.engramApps = { plural: plural, formatDay: formatDay, formatTime: formatTime, showWarnings: showWarnings,
    showSetup: showSetup, fillProviders: fillProviders };
})();
