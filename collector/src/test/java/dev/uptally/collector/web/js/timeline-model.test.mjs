import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dailyUpRatio, layoutTimeline, segmentKind, summarize } from '../../../../../../../main/resources/web/js/timeline-model.js';

const DAY = 86_400_000;
const from = Date.parse('2026-11-01T00:00:00Z');
const to = from + 2 * DAY;
const at = (hours) => new Date(from + hours * 3_600_000).toISOString();

test('down entries are coloured by cause, other states by state', () => {
  assert.equal(segmentKind({ state: 'down', cause: 'crash' }), 'crash');
  assert.equal(segmentKind({ state: 'down', cause: 'silent' }), 'silent');
  assert.equal(segmentKind({ state: 'down', cause: null }), 'down');
  assert.equal(segmentKind({ state: 'asleep' }), 'asleep');
  assert.equal(segmentKind({ state: 'something-new' }), 'unknown');
});

test('segments are placed proportionally and clipped to the range', () => {
  const segments = layoutTimeline([
    { start: at(-5), end: at(12), state: 'up', cause: null, planned: false },
    { start: at(12), end: at(24), state: 'down', cause: 'shutdown', planned: true },
    { start: at(36), end: at(60), state: 'asleep', cause: null, planned: false },
  ], from, to, 1000);
  assert.deepEqual(segments.map((s) => [s.kind, Math.round(s.x), Math.round(s.w), s.planned]),
    [['up', 0, 250, false], ['shutdown', 250, 250, true], ['asleep', 750, 250, false]]);
});

test('a one-minute crash stays visible and is drawn over up time', () => {
  const segments = layoutTimeline([
    { start: at(10), end: at(10 + 1 / 60), state: 'down', cause: 'crash', planned: false },
    { start: at(0), end: at(48), state: 'up', cause: null, planned: false },
  ], from, to, 1000, 1.5);
  assert.equal(segments[0].kind, 'up');
  assert.equal(segments[1].kind, 'crash');
  assert.equal(segments[1].w, 1.5);
});

test('an open entry runs to the end of the range; entries outside are dropped', () => {
  const segments = layoutTimeline([
    { start: at(-30), end: at(-20), state: 'down', cause: 'crash', planned: false },
    { start: at(40), end: null, state: 'down', cause: 'silent', planned: false },
  ], from, to, 1000);
  assert.equal(segments.length, 1);
  assert.equal(Math.round(segments[0].x + segments[0].w), 1000);
});

test('an empty range is an error naming the range', () => {
  assert.throws(() => layoutTimeline([], to, from), /timeline range is empty/);
});

test('daily up share splits intervals at UTC midnight and ignores unknown time', () => {
  const { days, ratios } = dailyUpRatio([
    { start: at(0), end: at(18), state: 'up' },
    { start: at(18), end: at(30), state: 'down', cause: 'crash' },
    { start: at(30), end: at(36), state: 'up' },
    { start: at(36), end: at(48), state: 'unknown' },
  ], from, to);
  assert.deepEqual(days, [from / 1000, (from + DAY) / 1000]);
  assert.equal(ratios[0], 18 / 24);
  assert.equal(ratios[1], 6 / 12);
});

test('a day with nothing known has no ratio', () => {
  const { ratios } = dailyUpRatio([{ start: at(0), end: at(24), state: 'up' }], from, to);
  assert.deepEqual(ratios, [1, null]);
});

test('the summary counts intervals and seconds per kind', () => {
  const summary = summarize([
    { start: at(0), end: at(1), state: 'down', cause: 'crash' },
    { start: at(2), end: at(4), state: 'down', cause: 'crash' },
    { start: at(5), end: null, state: 'down', cause: 'silent' },
  ], from + 6 * 3_600_000);
  assert.deepEqual(summary.get('crash'), { count: 2, seconds: 3 * 3600 });
  assert.deepEqual(summary.get('silent'), { count: 1, seconds: 3600 });
});
