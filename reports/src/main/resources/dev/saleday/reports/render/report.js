/* saleday sign-off report: draws the time charts described in the JSON block #saleday-data with ECharts.
   Every chart shares one x axis (seconds since the load started, shown m:ss), the phases as bands and the chaos
   actions as labelled vertical lines, the stretches in which the host starved saleday's processes shaded red. The page records what it drew in <html data-charts-rendered="N">.
   The x axis is ECharts' time axis fed with milliseconds since the load started: on a value x axis ECharts
   stacks along x, not y, so the stacked charts (errors by kind, versions) need a time axis. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('saleday-data').textContent);
  var charts = [];

  function clock(seconds) {
    var s = Math.round(seconds);
    var sign = s < 0 ? '-' : '';
    s = Math.abs(s);
    var m = Math.floor(s / 60);
    var r = s % 60;
    return sign + m + ':' + (r < 10 ? '0' : '') + r;
  }

  /** A tick step that reads well on a clock: at most about ten labels across the run. */
  function tickSeconds(spanSeconds) {
    var steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
    for (var i = 0; i < steps.length; i++) {
      if (spanSeconds / steps[i] <= 10) { return steps[i]; }
    }
    return 14400;
  }
  var tick = tickSeconds(data.xMaxSec - data.xMinSec);
  var xMin = Math.floor(data.xMinSec / tick) * tick;

  function phaseBands() {
    return {
      silent: true,
      itemStyle: { color: 'rgba(90, 110, 140, 0.07)', borderColor: 'rgba(90, 110, 140, 0.25)', borderWidth: 1 },
      label: { position: 'insideTop', color: '#56607a', fontSize: 11 },
      data: data.phases.map(function (p, i) {
        return [
          { name: p.name, xAxis: p.startSec * 1000,
            itemStyle: { color: i % 2 === 0 ? 'rgba(90, 110, 140, 0.09)' : 'rgba(90, 110, 140, 0.02)' } },
          { xAxis: p.endSec * 1000 }
        ];
      }).concat((data.starved || []).map(function (p) {
        // the host starved saleday's processes of CPU here: the checks measured meanwhile are unreliable
        return [
          { name: p.name, xAxis: p.startSec * 1000,
            itemStyle: { color: 'rgba(192, 57, 43, 0.16)', borderColor: 'rgba(192, 57, 43, 0.5)' },
            label: { position: 'insideBottom', color: '#c0392b' } },
          { xAxis: p.endSec * 1000 }
        ];
      }))
    };
  }

  function chaosMarkers() {
    return {
      silent: true,
      symbol: ['none', 'none'],
      animation: false,
      lineStyle: { color: '#c0392b', type: 'dashed', width: 1.2 },
      label: { formatter: '{b}', position: 'insideEndTop', color: '#c0392b', fontSize: 10 },
      data: data.markers.map(function (m) { return { name: m.label, xAxis: m.sec * 1000 }; })
    };
  }

  function option(spec) {
    var series = spec.series.map(function (s, i) {
      var out = {
        name: s.name,
        type: s.kind === 'bar' ? 'bar' : 'line',
        data: s.points.map(function (p) { return [p[0] * 1000, p[1]]; }),
        showSymbol: false,
        connectNulls: false,
        animation: false,
        lineStyle: { width: 1.6, type: s.dashed ? 'dashed' : 'solid' },
        emphasis: { disabled: true }
      };
      if (s.color) { out.itemStyle = { color: s.color }; out.lineStyle.color = s.color; }
      if (s.kind === 'step') { out.step = 'end'; }
      if (s.stack) { out.stack = s.stack; }
      if (s.kind === 'fill') { out.areaStyle = { opacity: 0.18 }; out.lineStyle.width = 2.4; }
      if (s.kind === 'area') { out.areaStyle = { opacity: 0.6 }; out.lineStyle.width = 1; }
      if (s.kind === 'bar') { out.barWidth = '80%'; out.barGap = '-100%'; }
      if (i === 0) { out.markArea = phaseBands(); out.markLine = chaosMarkers(); }
      return out;
    });
    if (series.length === 0) {
      series.push({ type: 'line', data: [], markArea: phaseBands(), markLine: chaosMarkers() });
    }
    return {
      animation: false,
      color: ['#2f6fb5', '#e08a1e', '#c0392b', '#27916b', '#8e5ab8', '#7a8699', '#d35f9c', '#1f9bb4'],
      textStyle: { fontFamily: 'DejaVu Sans, Helvetica, Arial, sans-serif' },
      grid: { left: 64, right: 24, top: 46, bottom: 40 },
      legend: { top: 4, type: 'scroll', data: spec.series.map(function (s) { return s.name; }) },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'line' },
        valueFormatter: function (v) { return v == null ? '–' : (Math.round(v * 100) / 100) + ' ' + spec.unit; }
      },
      xAxis: {
        type: 'time',
        min: xMin * 1000,
        max: data.xMaxSec * 1000,
        minInterval: tick * 1000,
        maxInterval: tick * 1000,
        axisPointer: { label: { formatter: function (p) { return clock(p.value / 1000); } } },
        name: 'since load start (m:ss)',
        nameLocation: 'middle',
        nameGap: 26,
        axisLabel: { formatter: function (ms) { return clock(ms / 1000); }, hideOverlap: true },
        splitLine: { show: false }
      },
      yAxis: {
        type: 'value',
        name: spec.unit,
        min: 0,
        max: spec.yMax == null ? null : spec.yMax,
        nameTextStyle: { align: 'right' },
        splitLine: { lineStyle: { color: '#eceff3' } }
      },
      series: series
    };
  }

  data.charts.forEach(function (spec) {
    var element = document.getElementById(spec.id);
    var chart = echarts.init(element, null, { renderer: 'svg' });
    // A viewBox equal to the drawn size changes nothing on screen, and lets the print style scale the chart
    // to the paper's width.
    chart.on('finished', function () {
      var svg = element.querySelector('svg');
      if (svg) {
        svg.setAttribute('viewBox', '0 0 ' + svg.getAttribute('width') + ' ' + svg.getAttribute('height'));
      }
    });
    chart.setOption(option(spec));
    charts.push(chart);
  });

  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resizeAll);
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  document.documentElement.setAttribute('data-charts-rendered', String(charts.length));
})();
