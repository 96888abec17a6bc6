// node --test --experimental-detect-module (run by DashboardJavaScriptTest): the incidents' and violations' formatting
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDue, formatLocalTime, formatSpan, readableDetail } from '../../../../../../../main/resources/web/js/format.js';

test('spans spell out at most two units and drop a zero second one', () => {
  assert.equal(formatSpan(0), '0 s');
  assert.equal(formatSpan(45), '45 s');
  assert.equal(formatSpan(2 * 3600 + 5 * 60), '2 h 5 min');
  assert.equal(formatSpan(2 * 3600 + 5 * 60 + 59), '2 h 5 min');
  assert.equal(formatSpan(3 * 86400 + 4 * 3600), '3 d 4 h');
  assert.equal(formatSpan(86400 + 300), '1 d');
  assert.equal(formatSpan(1800), '30 min');
  assert.equal(formatSpan(null), '—');
});

test('due times say how long is left or how long overdue', () => {
  const now = Date.parse('2026-11-17T15:40:00Z');
  assert.equal(formatDue('2026-11-17T15:35:00Z', now), 'overdue by 5 min');
  assert.equal(formatDue('2026-11-17T17:45:00Z', now), 'due in 2 h 5 min');
  assert.equal(formatDue(null, now), null);
});

test('verdict texts lose their raw seconds', () => {
  assert.equal(readableDetail('up 0 s of 10800 s, needs 1800 s'), 'up 0 s of 3 h, needs 30 min');
  assert.equal(readableDetail('down 90061 s of 2592000 s measured'), 'down 1 d 1 h of 30 d measured');
  assert.equal(readableDetail(null), '');
});

test('local times follow the zone asked for', () => {
  assert.equal(formatLocalTime('2026-11-17T15:40:00Z', 'en-US', 'America/New_York'), 'Nov 17, 2026, 10:40 AM');
  assert.equal(formatLocalTime(null), '—');
});
