// Stats: the journal over a range of days. Recorded, speech and screen minutes per day, minutes by hour of the day
// and segments per facet, as uPlot charts, with summary numbers above them.
(function () {
  'use strict';
  const root = document.getElementById('stats-app');
  if (!root) { return; }
  const el = window.engram.el;
  const charts = window.engramCharts;
  const ranges = window.engramRanges;
  const apps = window.engramApps;
  const plots = [];
  const minutes = function (s) { return Math.round(s / 6) / 10; };

  function clear() { while (plots.length) { plots.pop().destroy(); } }

  function render(data) {
    clear();
    apps.showWarnings(document.getElementById('stats-warnings'), data.warnings);
    const t = data.totals;
    ranges.summary(document.getElementById('stats-summary'), [
      ['recorded', ranges.duration(t.recorded_seconds), 'recorded'],
      ['speech', ranges.duration(t.speech_seconds), 'with speech'],
      ['screen', ranges.duration(t.screen_seconds), 'with screen'],
      ['segments', ranges.number(t.segments), 'segments'],
      ['days', t.recorded_days + ' / ' + t.days, 'days recorded']
    ]);
    plots.push(charts.bars(document.getElementById('stats-days'), {
      x: data.days.map(function (d) { return charts.daySeconds(d.day); }),
      time: true,
      series: [
        { label: 'Recorded', values: data.days.map(function (d) { return minutes(d.recorded_seconds); }) },
        { label: 'Speech', kind: 'line', values: data.days.map(function (d) { return minutes(d.speech_seconds); }) },
        { label: 'Screen', kind: 'line', values: data.days.map(function (d) { return minutes(d.screen_seconds); }) }
      ]
    }));
    plots.push(charts.bars(document.getElementById('stats-hours'), {
      x: data.hours.map(function (h) { return h.hour; }),
      labels: data.hours.map(function (h) { return String(h.hour).padStart(2, '0'); }),
      series: [{ label: 'Minutes', values: data.hours.map(function (h) { return minutes(h.recorded_seconds); }) }]
    }));
    const facets = data.facets.filter(function (f) { return f.segments > 0; });
    if (data.unassigned.segments > 0) { facets.push({ name: '', title: 'No facet', segments: data.unassigned.segments }); }
    const box = document.getElementById('stats-facets');
    if (!facets.length) {
      box.replaceChildren(el('p', 'rg-empty', 'No segments in these days.'));
    } else {
      // the canvas is not readable: the same numbers as a label
      box.setAttribute('aria-label', 'Segments per facet: ' + facets.map(function (f) { return f.title + ' ' + f.segments; }).join(', '));
      plots.push(charts.bars(box, {
        x: facets.map(function (f, i) { return i; }),
        labels: facets.map(function (f) { return (f.emoji ? f.emoji + ' ' : '') + f.title; }),
        series: [{ label: 'Segments', values: facets.map(function (f) { return f.segments; }), color: '#2f9e44' }]
      }));
    }
  }

  ranges.bind('stats', function (query) {
    return ranges.getJson('/app/stats/api/stats' + (query ? '?' + query : '')).then(function (data) {
      render(data);
      return data;
    });
  });
})();
