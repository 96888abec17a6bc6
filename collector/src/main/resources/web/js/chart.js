// Daily share of known time up, drawn with uPlot (served from its WebJar; no CDN).
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { h } from './dom.js';
import { formatPercent } from './format.js';

const DAY_SECONDS = 86_400;

function dayText(v) {
  return v == null ? '—' : new Date(v * 1000).toISOString().slice(0, 10);
}

/** Returns {element, destroy}. days: epoch seconds (UTC midnights); ratios: 0..1 or null. */
export function dailyUpChart(days, ratios, width) {
  const element = h('div', { class: 'chart', dataset: { testid: 'daily-chart' } });
  let latest = ratios.length - 1;
  while (latest > 0 && ratios[latest] == null) {
    latest -= 1;
  }
  const options = {
    width: Math.max(300, width),
    height: 180,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: { range: [0, 1] } },
    legend: { show: true },
    axes: [
      { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' }, space: 50,
        incrs: [DAY_SECONDS, 2 * DAY_SECONDS, 5 * DAY_SECONDS, 10 * DAY_SECONDS],
        values: (u, splits) => splits.map((v) => new Date(v * 1000).toISOString().slice(5, 10)) },
      { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.2)' },
        values: (u, splits) => splits.map((v) => `${Math.round(v * 100)}%`), size: 50 },
    ],
    series: [
      // before any hover (idx null) the readout shows the latest day with data rather than dashes
      { label: 'Day (UTC)', value: (u, v, si, idx) => dayText(idx == null ? days[latest] : v) },
      { label: 'Up share', stroke: '#2e7d32', fill: 'rgba(46,125,50,0.15)', width: 2, spanGaps: false,
        points: { show: true, size: 5 }, value: (u, v, si, idx) => formatPercent(idx == null ? ratios[latest] : v, 2) },
    ],
  };
  const plot = new uPlot(options, [days, ratios], element);
  return { element, destroy: () => plot.destroy(), resize: (w) => plot.setSize({ width: Math.max(300, w), height: 180 }) };
}
