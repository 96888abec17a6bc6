// node --test --experimental-detect-module (run by DashboardJavaScriptTest)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  budgetSentence, className, dateTime, machineState, missedBecause, monthName, night, percent, plainDuration, verdict,
  zoneName,
} from '../../../../../../../main/resources/web/portal/portal-model.js';

test('availability has two decimals rounded down, so any downtime never reads 100 %', () => {
  assert.equal(percent(0.998641), '99.86 %');
  assert.equal(percent(0.99999), '99.99 %');
  assert.equal(percent(1), '100.00 %');
  assert.equal(percent(null), '—');
});

test('durations are written out in words', () => {
  assert.equal(plainDuration(30), 'less than a minute');
  assert.equal(plainDuration(60), '1 minute');
  assert.equal(plainDuration(5299), '1 hour 28 minutes');
  assert.equal(plainDuration(2 * 86400 + 3 * 3600 + 59), '2 days 3 hours');
  assert.equal(plainDuration(2 * 86400 + 5 * 60), '2 days');
});

test('the budget sentence says what is left, or by how much it was overspent', () => {
  assert.equal(budgetSentence({ budgetSeconds: 7920, downSeconds: 1800, budgetLeftSeconds: 6120 }),
    'Downtime allowed so far: 2 hours 12 minutes. Used: 30 minutes. Left: 1 hour 42 minutes.');
  assert.equal(budgetSentence({ budgetSeconds: 5299, downSeconds: 7200, budgetLeftSeconds: -1901 }),
    'Downtime allowed so far: 1 hour 28 minutes. Used: 2 hours, 31 minutes more than allowed.');
  assert.equal(budgetSentence({ budgetSeconds: null }), 'The agreement sets no target for these machines.');
  assert.deepEqual(verdict({ meetsTarget: false }), { text: 'Below target', tone: 'bad' });
});

test('a machine state reads as plain words with its time in the client zone, not the viewer one', () => {
  const zone = 'America/New_York';
  assert.equal(machineState({ state: 'up' }, zone).text, 'Running');
  assert.equal(machineState({ state: 'down', cause: 'shutdown', since: '2026-11-25T23:30:00Z' }, zone).text,
    'Off (shut down) since Wed 25 Nov 2026, 18:30');
  assert.equal(machineState({ state: 'down', cause: 'silent', since: '2026-07-01T12:00:00Z' }, zone).text,
    'Not heard from since Wed 1 Jul 2026, 08:00');
  assert.equal(machineState({ state: 'asleep', since: '2026-11-25T23:30:00Z' }, 'Europe/Berlin').text,
    'Asleep since Thu 26 Nov 2026, 00:30');
  assert.equal(machineState({ state: 'down', cause: 'crash' }, zone).tone, 'bad');
  assert.equal(machineState({ state: 'unknown' }, zone).text, 'Not heard from yet');
});

test('nights, months, classes and zones in words', () => {
  assert.equal(night('2026-10-06'), 'Tuesday 6 October');
  assert.equal(monthName('2026-10'), 'October 2026');
  assert.equal(className('workstation'), 'Desktop computers');
  assert.equal(className('laptop', false), 'Laptop');
  assert.equal(missedBecause('asleep'), 'was asleep');
  assert.equal(zoneName('America/New_York'), 'New York time');
  assert.equal(dateTime('2026-11-01T04:01:00Z', 'America/New_York'), 'Sun 1 Nov 2026, 00:01');
});
