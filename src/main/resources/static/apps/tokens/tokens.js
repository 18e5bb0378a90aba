// Tokens: model usage and estimated cost over a range of days: tokens and cost per day as uPlot charts, tables by
// model, provider and purpose, and summary numbers.
(function () {
  'use strict';
  const root = document.getElementById('tokens-app');
  if (!root) { return; }
  const el = window.engram.el;
  const charts = window.engramCharts;
  const ranges = window.engramRanges;
  const apps = window.engramApps;
  const plots = [];

  function money(v) {
    return '$' + Number(v).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: v < 1 ? 4 : 2 });
  }

  function table(id, rows, first) {
    const t = document.getElementById(id);
    t.replaceChildren();
    const head = el('tr');
    [first, 'Calls', 'Input', 'Output', 'Total', 'Cost'].forEach(function (h) { head.append(el('th', null, h)); });
    t.append(head);
    if (!rows.length) {
      const tr = el('tr');
      const td = el('td', 'rg-empty', 'No usage in these days.');
      td.colSpan = 6;
      tr.append(td);
      t.append(tr);
      return;
    }
    rows.forEach(function (r) {
      const tr = el('tr');
      tr.dataset.name = r.name;
      const cost = r.unpriced_tokens > 0 && r.cost === 0 ? 'unpriced' : money(r.cost) + (r.unpriced_tokens > 0 ? ' +' : '');
      [r.name + (r.provider ? ' (' + r.provider + ')' : ''), ranges.number(r.calls), ranges.number(r.input_tokens),
        ranges.number(r.output_tokens), ranges.number(r.total_tokens), cost].forEach(function (v) { tr.append(el('td', null, v)); });
      t.append(tr);
    });
  }

  function render(data) {
    while (plots.length) { plots.pop().destroy(); }
    apps.showWarnings(document.getElementById('tokens-warnings'), data.warnings);
    const t = data.totals;
    ranges.summary(document.getElementById('tokens-summary'), [
      ['total', ranges.number(t.total_tokens), 'tokens'],
      ['cost', money(t.cost), 'estimated cost'],
      ['calls', ranges.number(t.calls), 'model calls'],
      ['models', String(data.models.length), 'models']
    ].concat(t.unpriced_tokens > 0 ? [['unpriced', ranges.number(t.unpriced_tokens), 'tokens without a price']] : []));
    const x = data.days.map(function (d) { return charts.daySeconds(d.day); });
    plots.push(charts.bars(document.getElementById('tokens-days'), {
      x: x, time: true,
      series: [
        { label: 'Input', values: data.days.map(function (d) { return d.input_tokens; }) },
        { label: 'Output', kind: 'line', values: data.days.map(function (d) { return d.total_tokens - d.input_tokens; }) }
      ],
      yFormat: function (v) { return v >= 1e6 ? (v / 1e6) + 'M' : v >= 1e3 ? (v / 1e3) + 'k' : String(v); }
    }));
    plots.push(charts.lines(document.getElementById('tokens-cost'), {
      x: x, time: true,
      series: [{ label: 'Cost', values: data.days.map(function (d) { return d.cost; }), color: '#e8590c' }],
      yFormat: money
    }));
    table('tokens-models', data.models, 'Model');
    table('tokens-providers', data.providers, 'Provider');
    table('tokens-purposes', data.purposes, 'Purpose');
  }

  ranges.bind('tokens', function (query) {
    return ranges.getJson('/app/tokens/api/usage' + (query ? '?' + query : '')).then(function (data) {
      render(data);
      return data;
    });
  });
})();
