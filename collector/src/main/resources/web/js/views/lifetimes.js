// "How long parts last": non-repairable lifetimes per hardware model and per drive model from /api/v1/lifetimes.
// A machine lives from its first sample to its retirement (retired as failed is a failure); a drive from the first
// inventory listing it to the change removing it. Units still in service are censored: they count in the time, not
// in the failures, which is why the lower bound is defined even without a failure.
import { call } from '../api.js';
import { failure, h, notice, replace, table } from '../dom.js';
import { formatCount, formatDuration } from '../format.js';

const YEAR_SECONDS = 365.25 * 86_400;
const DAY_SECONDS = 86_400;
const GROUPINGS = [['model', 'Hardware model', 'Machines'], ['driveModel', 'Drive model', 'Drives']];

/** Years with one decimal from a year on, whole days from a day on, else hours and minutes. */
export function formatLifetime(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) {
    return '—';
  }
  if (seconds >= YEAR_SECONDS) {
    return `${(seconds / YEAR_SECONDS).toFixed(1)} years`;
  }
  if (seconds >= DAY_SECONDS) {
    const days = Math.round(seconds / DAY_SECONDS);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  return formatDuration(seconds);
}

/** The section, filled as the two groupings load. */
export function lifetimesSection() {
  const bodies = GROUPINGS.map(([groupBy]) => h('div', { dataset: { testid: `lifetimes-${groupBy}` } },
    notice('info', 'Loading…')));
  GROUPINGS.forEach(([groupBy, label, units], i) => {
    call('/api/v1/lifetimes', { params: { groupBy }, notFoundMeansUnavailable: true })
      .then(({ data }) => replace(bodies[i], lifetimesTable(data ?? [], label, units, groupBy)))
      .catch((error) => replace(bodies[i], failure(error)));
  });
  return h('section', { class: 'lifetimes', 'aria-labelledby': 'lifetimes-title', dataset: { testid: 'lifetimes' } },
    h('h2', { id: 'lifetimes-title' }, 'How long parts last'),
    h('p', { class: 'sub' }, 'Mean time to failure of parts that are replaced, not repaired: the time every unit has '
      + 'served so far divided by the failures among them. Units still in service (or retired for another reason) '
      + 'are censored: their time counts, they are no failure. The lower bound is the value the true MTTF exceeds '
      + 'with the stated confidence.'),
    bodies);
}

function lifetimesTable(rows, label, units, groupBy) {
  if (rows.length === 0) {
    return notice('info', `No ${units.toLowerCase()} observed yet.`);
  }
  const confidence = `${Math.round((rows[0].confidence ?? 0.9) * 100)} %`;
  const sorted = [...rows].sort((a, b) => b.failures - a.failures || String(a.group).localeCompare(String(b.group)));
  return table({
    caption: `Per ${label.toLowerCase()}, most failures first`,
    headers: [label, units, 'Failures', 'Censored', 'Time in service', 'MTTF', `MTTF lower bound (${confidence})`],
    rows: sorted.map((r) => h('tr', { dataset: { testid: 'lifetime-row', group: r.group, groupBy } },
      h('th', { scope: 'row' }, r.group ?? '(unknown)'),
      h('td', { class: 'num' }, formatCount(r.units)),
      h('td', { class: 'num' }, formatCount(r.failures)),
      h('td', { class: 'num' }, formatCount(r.censored)),
      h('td', { class: 'num' }, formatLifetime(r.unitSeconds)),
      h('td', { class: 'num' }, r.mttfSeconds == null ? 'undefined (no failures)' : formatLifetime(r.mttfSeconds)),
      h('td', { class: 'num' }, `≥ ${formatLifetime(r.mttfLowerSeconds)}`))),
    testid: `lifetimes-table-${groupBy}`,
  });
}
