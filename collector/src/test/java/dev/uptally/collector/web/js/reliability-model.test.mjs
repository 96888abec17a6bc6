import { test } from 'node:test';
import assert from 'node:assert/strict';
import { worstFirst } from '../../../../../../../main/resources/web/js/reliability-model.js';

test('worst MTBF first, then groups without failures by lower bound', () => {
  const rows = [
    { group: 'no-failures-long', mtbfSeconds: null, mtbfLowerSeconds: 9000 },
    { group: 'solid', mtbfSeconds: 500000, mtbfLowerSeconds: 200000 },
    { group: 'flaky', mtbfSeconds: 3600, mtbfLowerSeconds: 1000 },
    { group: 'no-failures-short', mtbfSeconds: null, mtbfLowerSeconds: 100 },
  ];
  assert.deepEqual(worstFirst(rows).map((r) => r.group), ['flaky', 'solid', 'no-failures-short', 'no-failures-long']);
  assert.equal(rows[0].group, 'no-failures-long', 'the input is not reordered');
});

test('ties are broken by group name', () => {
  const rows = [{ group: 'b', mtbfSeconds: 10, mtbfLowerSeconds: 1 }, { group: 'a', mtbfSeconds: 10, mtbfLowerSeconds: 1 }];
  assert.deepEqual(worstFirst(rows).map((r) => r.group), ['a', 'b']);
});
