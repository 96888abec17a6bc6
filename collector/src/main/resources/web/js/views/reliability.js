// Reliability: pooled MTBF/MTTF/MTTR per hardware model, class or client, worst MTBF first, with the
// one-sided lower bound (defined even without failures); below it, how long parts last (lifetimes.js).
import { call, isoDaysBefore } from '../api.js';
import { failure, h, notice, replace, table } from '../dom.js';
import { formatCount, formatDuration } from '../format.js';
import { worstFirst } from '../reliability-model.js';
import { lifetimesSection } from './lifetimes.js';

const GROUPS = { model: 'Hardware model', class: 'Device class', client: 'Client' };
const WINDOWS = [30, 90, 365];

export async function render(main, context) {
  const groupBy = context.params.get('groupBy') in GROUPS ? context.params.get('groupBy') : 'model';
  const days = WINDOWS.includes(Number(context.params.get('days'))) ? Number(context.params.get('days')) : 30;
  const nowMillis = context.now();
  const results = h('div', {}, notice('info', 'Loading…'));
  replace(main, h('h1', {}, 'Reliability'), controls(groupBy, days, context), results, lifetimesSection());
  try {
    const { data } = await call('/api/v1/reliability', {
      params: { groupBy, from: isoDaysBefore(nowMillis, days), to: new Date(nowMillis).toISOString() },
    });
    if (context.isCurrent()) {
      replace(results, reliabilityTable(worstFirst(data ?? []), groupBy, days));
    }
  } catch (error) {
    if (context.isCurrent()) {
      replace(results, failure(error));
    }
  }
}

function controls(groupBy, days, context) {
  const group = h('select', { id: 'group-by', dataset: { testid: 'group-by' } },
    Object.entries(GROUPS).map(([value, label]) => h('option', { value, selected: value === groupBy }, label)));
  const windowSelect = h('select', { id: 'reliability-days' },
    WINDOWS.map((n) => h('option', { value: n, selected: n === days }, `last ${n} days`)));
  const go = () => context.navigate('/reliability', { groupBy: group.value, days: windowSelect.value });
  group.addEventListener('change', go);
  windowSelect.addEventListener('change', go);
  return h('form', { class: 'filters', 'aria-label': 'Reliability grouping' },
    h('label', { for: 'group-by' }, 'Group by'), group, h('label', { for: 'reliability-days' }, 'Window'), windowSelect);
}

function reliabilityTable(rows, groupBy, days) {
  if (rows.length === 0) {
    return notice('info', 'No devices in this window.');
  }
  const confidence = `${Math.round((rows[0].confidence ?? 0.9) * 100)} %`;
  return table({
    caption: `Pooled over the last ${days} days, worst MTBF first. Without failures MTBF is undefined; `
      + `the lower bound (${confidence} one-sided) still says how much evidence there is.`,
    headers: [GROUPS[groupBy], 'Devices', 'Failures', 'Up time', 'Failure downtime', 'MTTF', 'MTTR', 'MTBF',
      `MTBF lower bound (${confidence})`],
    rows: rows.map((r) => h('tr', { dataset: { testid: 'reliability-row', group: r.group } },
      h('th', { scope: 'row' }, r.group ?? '(unknown)'),
      h('td', { class: 'num' }, formatCount(r.devices)),
      h('td', { class: 'num' }, formatCount(r.failures)),
      h('td', { class: 'num' }, formatDuration(r.uptimeSeconds)),
      h('td', { class: 'num' }, formatDuration(r.failureDowntimeSeconds)),
      h('td', { class: 'num' }, formatDuration(r.mttfSeconds)),
      h('td', { class: 'num' }, formatDuration(r.mttrSeconds)),
      h('td', { class: 'num' }, r.mtbfSeconds == null ? 'undefined' : formatDuration(r.mtbfSeconds)),
      h('td', { class: 'num' }, `≥ ${formatDuration(r.mtbfLowerSeconds)}`))),
    testid: 'reliability-table',
  });
}
