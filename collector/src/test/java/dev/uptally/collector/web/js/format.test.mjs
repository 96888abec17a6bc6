// node --test --experimental-detect-module (run by DashboardJavaScriptTest)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAgo, formatBytes, formatCount, formatDuration, formatPercent, formatTime, previousMonth } from '../../../../../../../main/resources/web/js/format.js';

test('durations show the two most significant units and drop zero parts', () => {
  assert.equal(formatDuration(45), '45s');
  assert.equal(formatDuration(12 * 60 + 5), '12m');
  assert.equal(formatDuration(2 * 3600 + 5 * 60), '2h 5m');
  assert.equal(formatDuration(3 * 86400 + 4 * 3600 + 59), '3d 4h');
  assert.equal(formatDuration(86400 + 30), '1d');
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(Number.NaN), '—');
});

test('availability keeps three decimals so 99.9 and 99.95 differ', () => {
  assert.equal(formatPercent(0.99953), '99.953 %');
  assert.equal(formatPercent(1), '100.000 %');
  assert.equal(formatPercent(0.5, 0), '50 %');
  assert.equal(formatPercent(null), '—');
});

test('bytes use binary units', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(16 * 1024 ** 3), '16.0 GiB');
});

test('times are shown in UTC to the minute', () => {
  assert.equal(formatTime('2026-11-25T17:05:59Z'), '2026-11-25 17:05 UTC');
  assert.equal(formatTime(null), '—');
  assert.equal(formatTime('not a time'), 'not a time');
});

test('ago is relative to the given now', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  assert.equal(formatAgo('2026-11-25T11:59:50Z', now), 'just now');
  assert.equal(formatAgo('2026-11-25T11:55:00Z', now), '5m ago');
  assert.equal(formatAgo('2026-11-23T09:00:00Z', now), '2d 3h ago');
  assert.equal(formatAgo(null, now), 'never');
});

test('previous month wraps the year', () => {
  assert.equal(previousMonth(Date.parse('2026-01-15T00:00:00Z')), '2025-12');
  assert.equal(previousMonth(Date.parse('2026-11-30T23:59:59Z')), '2026-10');
});

test('counts have thousands separators', () => {
  assert.equal(formatCount(10000), '10,000');
  assert.equal(formatCount(999), '999');
});
