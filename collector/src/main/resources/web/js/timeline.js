// The timeline strip of a device: one SVG row of intervals coloured by state and cause, planned
// intervals outlined, unknown hatched; a day axis below; a legend; a text alternative for screen readers.
import { h, svg } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import { layoutTimeline, summarize } from './timeline-model.js';

const WIDTH = 1000;
const HEIGHT = 40;
const DAY_MILLIS = 86_400_000;
const LEGEND = [
  ['up', 'up'], ['crash', 'down: crash'], ['shutdown', 'down: shutdown'], ['silent', 'down: silent'],
  ['asleep', 'asleep'], ['unknown', 'unknown'], ['planned', 'planned (outlined)'],
];

export function renderTimeline(entries, fromMillis, toMillis, nowMillis) {
  const segments = layoutTimeline(entries, fromMillis, toMillis, WIDTH);
  const strip = svg('svg', {
    class: 'timeline-strip', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': textAlternative(entries, nowMillis), dataset: { testid: 'timeline-strip' },
  },
  svg('defs', {}, svg('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)' }, svg('rect', { class: 'hatch-bg', width: 6, height: 6 }),
  svg('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 }))),
  svg('rect', { class: 'seg-none', x: 0, y: 0, width: WIDTH, height: HEIGHT }),
  segments.map((s) => svg('rect', {
    class: `seg seg-${s.kind}${s.planned ? ' seg-planned' : ''}`, x: s.x.toFixed(3), y: 0,
    width: s.w.toFixed(3), height: HEIGHT, dataset: { kind: s.kind },
  }, svg('title', {}, describe(s)))));
  return h('figure', { class: 'timeline', id: 'timeline', dataset: { testid: 'timeline' } },
    strip, axis(fromMillis, toMillis),
    h('figcaption', {}, legend()));
}

function describe(segment) {
  const e = segment.entry;
  const what = e.state === 'down' ? `down (${e.cause ?? 'unknown cause'})` : e.state;
  const duration = formatDuration((segment.endMillis - segment.startMillis) / 1000);
  return `${what}${e.planned ? ', planned' : ''}: ${formatTime(e.start)} → ${e.end ? formatTime(e.end) : 'now'} (${duration})`;
}

function textAlternative(entries, nowMillis) {
  if (entries.length === 0) {
    return 'Timeline: no data in this range.';
  }
  const parts = [...summarize(entries, nowMillis)].map(([kind, v]) =>
    `${kind}: ${v.count} interval${v.count === 1 ? '' : 's'}, ${formatDuration(v.seconds)}`);
  return `Timeline. ${parts.join('; ')}. The outages table below lists each one.`;
}

function axis(fromMillis, toMillis) {
  const span = toMillis - fromMillis;
  const days = span / DAY_MILLIS;
  const step = days <= 8 ? 1 : days <= 31 ? 5 : 10;
  const ticks = [];
  const firstMidnight = Math.ceil(fromMillis / DAY_MILLIS) * DAY_MILLIS;
  for (let t = firstMidnight, i = 0; t < toMillis; t += DAY_MILLIS, i += 1) {
    const share = (t - fromMillis) / span;
    if (i % step !== 0 || share < 0.02 || share > 0.98) {
      continue; // a label at the very edge would be cut off
    }
    const tick = h('span', { class: 'tick' }, new Date(t).toISOString().slice(5, 10));
    tick.style.left = `${share * 100}%`; // CSSOM, allowed by a strict CSP
    ticks.push(tick);
  }
  return h('div', { class: 'timeline-axis', 'aria-hidden': 'true' }, ticks);
}

function legend() {
  return h('ul', { class: 'legend', 'aria-label': 'Legend' },
    LEGEND.map(([kind, label]) => h('li', {}, h('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' }), label)));
}
