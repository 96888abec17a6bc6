import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, page, summaryOf, tally } from '../../../../../../../main/resources/web/js/fleet-model.js';

const device = (deviceId, clientId, state, hostname = deviceId) => ({ deviceId, clientId, state, hostname });

test('tally counts devices by client and live state with totals', () => {
  const counts = tally([device('a', 'acme', 'up'), device('b', 'acme', 'down'), device('c', 'beta', 'up'),
    device('d', 'acme', 'up')]);
  assert.deepEqual(counts.clients, ['acme', 'beta']);
  assert.equal(counts.byClient.get('acme').up, 2);
  assert.equal(counts.byClient.get('acme').down, 1);
  assert.equal(counts.byClient.get('acme').total, 3);
  assert.equal(counts.totals.up, 3);
  assert.equal(counts.totals.total, 4);
});

test('search matches hostname or id case-insensitively, within the other filters', () => {
  const d = device('3f2c-uuid', 'acme', 'down', 'ACCT-Laptop-07');
  assert.ok(matches(d, { q: 'laptop-07' }));
  assert.ok(matches(d, { q: '3F2C' }));
  assert.ok(!matches(d, { q: 'server' }));
  assert.ok(!matches(d, { q: 'laptop', client: 'beta' }));
  assert.ok(!matches(d, { q: 'laptop', state: 'up' }));
  assert.ok(matches(d, { client: 'acme', state: 'down', q: '' }));
});

test('pages report 1-based first and last positions', () => {
  const items = Array.from({ length: 120 }, (_, i) => i);
  assert.deepEqual({ ...page(items, 2, 50), items: undefined }, { items: undefined, first: 101, last: 120, total: 120 });
  assert.deepEqual(page([], 0, 50), { items: [], first: 0, last: 0, total: 0 });
});

test('the summary takes memory and the fullest disk from health, null when unknown', () => {
  const s = summaryOf({ deviceId: 'x', clientId: 'acme', hostname: 'h', deviceClass: 'server', state: 'up',
    lastHeartbeat: '2026-11-25T12:00:00Z',
    health: { cpu: { usage: 0.25 }, memory: { totalBytes: 1000, availableBytes: 250 },
      disks: [{ mount: '/', totalBytes: 100, freeBytes: 50 }, { mount: '/data', totalBytes: 100, freeBytes: 5 },
        { mount: '/x', totalBytes: 0, freeBytes: 0 }] } });
  assert.equal(s.cpuUsage, 0.25);
  assert.equal(s.memoryUsed, 0.75);
  assert.equal(s.fullestDisk, 0.95);
  const bare = summaryOf({ deviceId: 'y', clientId: 'acme', state: 'unknown', health: null });
  assert.equal(bare.cpuUsage, null);
  assert.equal(bare.memoryUsed, null);
  assert.equal(bare.fullestDisk, null);
  assert.equal(bare.hostname, '');
});
