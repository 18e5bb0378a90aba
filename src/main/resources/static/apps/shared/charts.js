// Charts for the built-in apps on uPlot (served from its WebJar: /webjars/uplot/1.6.30/dist/uPlot.iife.min.js, loaded
// before this file). engramCharts.bars / lines draw into a container at its width and follow window resizes; a chart
// with onSelect lets the user drag across it and reports the chosen x range. No inline styles or scripts: uPlot only
// sets element.style through the CSSOM, which the page's CSP allows.
(function () {
  'use strict';
  const PALETTE = ['#3b5bdb', '#e8590c', '#2f9e44', '#ae3ec9', '#1098ad', '#f08c00', '#c2255c', '#5c7cfa'];

  function color(i) { return PALETTE[i % PALETTE.length]; }

  function fade(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  // opts: {x: [numbers], series: [{label, values, color?, kind?: 'bar'|'line'}], time: bool (x in epoch seconds, a
  // day axis), labels: [x tick texts] for categories, height, legend: bool, onSelect(min, max), yFormat(v)}
  function chart(container, opts) {
    const bars = !!opts.bars;
    const series = [{ label: opts.xLabel || '' }];
    opts.series.forEach(function (s, i) {
      const c = s.color || color(i);
      // a chart's series are bars (bars()) or lines (lines()); one may say kind: 'line' to draw over the bars
      const bar = s.kind ? s.kind === 'bar' : bars;
      const one = {
        label: s.label,
        stroke: c,
        width: bar ? 1 : 2,
        fill: bar ? fade(c, 0.75) : (s.kind === 'line' ? undefined : fade(c, 0.08)),
        points: { show: !bar && opts.x.length < 40 }
      };
      if (one.fill === undefined) { delete one.fill; }
      if (bar) {
        one.paths = window.uPlot.paths.bars({ size: [0.8, 60], align: 0 });
      }
      if (opts.yFormat) { one.value = function (u, v) { return v == null ? '–' : opts.yFormat(v); }; }
      series.push(one);
    });
    const labels = opts.labels;
    const dayAxis = !!opts.time;
    const x = { gap: 4, size: 40 };
    if (labels) {
      x.values = function (u, splits) { return splits.map(function (v) { return labels[v] !== undefined && Number.isInteger(v) ? labels[v] : ''; }); };
      x.splits = function () { return labels.map(function (_, i) { return i; }); };
    } else if (dayAxis) {
      x.values = function (u, splits) { return splits.map(dayTick); };
      // whole days only: a day's bar never gets hour ticks
      x.incrs = [86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 182 * 86400, 365 * 86400];
      x.space = 60;
    }
    const y = { size: 60 };
    if (opts.yFormat) { y.values = function (u, splits) { return splits.map(function (v) { return opts.yFormat(v); }); }; }
    const axes = [x, y];
    const data = [opts.x].concat(opts.series.map(function (s) { return s.values; }));
    const width = Math.max(240, container.clientWidth || 600);
    const config = {
      width: width,
      height: opts.height || 220,
      scales: {
        x: labels ? { time: false, range: [-0.6, labels.length - 0.4] } : { time: !!opts.time },
        // counts and amounts start at zero
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
      },
      series: series,
      axes: axes,
      legend: { show: opts.legend !== undefined ? !!opts.legend : opts.series.length > 1 },
      cursor: { drag: { x: !!opts.onSelect, y: false, setScale: false } },
      hooks: {}
    };
    if (bars && !labels && opts.time) {
      // a day's bar is centred on its day; keep the first and last half bar inside
      config.scales.x.range = function (u, min, max) { return [min - 43200, max + 43200]; };
    }
    if (opts.onSelect) {
      config.hooks.setSelect = [function (u) {
        if (u.select.width < 2) { return; }
        const min = u.posToVal(u.select.left, 'x');
        const max = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        opts.onSelect(min, max);
      }];
    }
    container.replaceChildren();
    container.classList.add('chart');
    const plot = new window.uPlot(config, data, container);
    const resize = function () {
      if (!container.isConnected) { window.removeEventListener('resize', resize); return; }
      plot.setSize({ width: Math.max(240, container.clientWidth || width), height: config.height });
    };
    window.addEventListener('resize', resize);
    return plot;
  }

  // Epoch seconds of a YYYYMMDD day's local midnight, and back.
  function daySeconds(key) {
    return new Date(Number(key.slice(0, 4)), Number(key.slice(4, 6)) - 1, Number(key.slice(6, 8))).getTime() / 1000;
  }

  function dayTick(seconds) {
    return new Date(seconds * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  }

  // The day whose midnight is nearest to these epoch seconds (a bar is centred on its day's midnight).
  function dayKey(seconds) {
    const x = new Date((seconds + 43200) * 1000);
    return x.getFullYear() + String(x.getMonth() + 1).padStart(2, '0') + String(x.getDate()).padStart(2, '0');
  }

  // Every day from first to last (YYYYMMDD, inclusive), at most max days.
  function daysBetween(first, last, max) {
    const out = [];
    const d = new Date(Number(first.slice(0, 4)), Number(first.slice(4, 6)) - 1, Number(first.slice(6, 8)));
    const end = daySeconds(last);
    while (d.getTime() / 1000 <= end + 3600 && out.length < (max || 4000)) {
      out.push(d.getFullYear() + String(d.getMonth() + 1).padStart(2, '0') + String(d.getDate()).padStart(2, '0'));
      d.setDate(d.getDate() + 1);
    }
    return out;
  }

  window.engramCharts = {
    bars: function (container, opts) { return chart(container, Object.assign({}, opts, { bars: true })); },
    lines: function (container, opts) { return chart(container, Object.assign({}, opts, { bars: false })); },
    color: color,
    daySeconds: daySeconds,
    dayKey: dayKey,
    daysBetween: daysBetween
  };
})();
