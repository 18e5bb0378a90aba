// Settings: one readable sentence per action-log entry ("Changed the time zone to “Europe/Lisbon”"), instead of
// raw JSON. Unknown actions are described from their name and parameters.
(function () {
  'use strict';
  const FIELD_NAMES = {
    name: 'name', preferred: 'preferred name', bio: 'bio', pronouns: 'pronouns', aliases: 'aliases',
    email_addresses: 'email addresses', timezone: 'time zone', title: 'title', description: 'description',
    color: 'colour', emoji: 'emoji', muted: 'muted'
  };

  function value(v) {
    if (v === null || v === undefined || v === '') { return '(empty)'; }
    if (Array.isArray(v)) { return v.length ? v.map(value).join(', ') : '(none)'; }
    if (typeof v === 'object') {
      const parts = Object.keys(v).filter(function (k) { return v[k] !== '' && v[k] !== null; })
        .map(function (k) { return k + ' ' + value(v[k]); });
      return parts.length ? parts.join(', ') : '(empty)';
    }
    if (typeof v === 'boolean') { return v ? 'yes' : 'no'; }
    return '“' + String(v) + '”';
  }

  function changes(params, skip) {
    return Object.keys(params || {}).filter(function (k) { return k !== skip; }).map(function (k) {
      if (k === 'muted') { return params[k] ? 'muted it' : 'unmuted it'; }
      return (FIELD_NAMES[k] || k.replace(/_/g, ' ')) + ' to ' + value(params[k]);
    });
  }

  function humanize(action) {
    const s = String(action || 'action').replace(/_/g, ' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  // describe({action, params}) -> a sentence
  function describe(a) {
    const p = a.params || {};
    switch (a.action) {
      case 'identity_update': {
        const c = changes(p);
        return c.length ? 'Changed the ' + c.join('; the ') : 'Saved the identity (nothing changed)';
      }
      case 'facet_create': {
        const c = changes(p, 'facet');
        return 'Created facet ' + value(p.facet) + (c.length ? ' with ' + c.join(', ').replace(/ to /g, ' ') : '');
      }
      case 'facet_update': {
        const c = changes(p, 'facet');
        return 'Updated facet ' + value(p.facet) + (c.length ? ': ' + c.join('; ') : '');
      }
      case 'password_change': return 'Changed the password';
      case 'setup_complete': return 'Finished the first-visit setup';
      default: {
        const keys = Object.keys(p);
        return humanize(a.action) + (keys.length ? ': ' + keys.map(function (k) { return k.replace(/_/g, ' ') + ' ' + value(p[k]); }).join(', ') : '');
      }
    }
  }

  window.engramSettings = { describeAction: describe };
})();
