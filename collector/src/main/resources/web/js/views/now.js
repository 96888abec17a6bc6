// "Now", the first page: what needs the NOC now. Devices not up (unexpected — crash, silent — apart from expected-off —
// orderly shutdown, asleep, maintenance), servers first then the longest; open incidents by priority then due time;
// each client's month-to-date availability per class against its target (GET /api/v1/availability).
import { call, devices } from '../api.js';
import { badge, failure, h, notice, replace, table, timeElement } from '../dom.js';
import { duration, formatPercent } from '../format.js';

const REFRESH_MILLIS = 30_000;
const PAGE = 2500;
const UNEXPECTED_CAUSES = ['crash', 'silent'];
const CLASS_RANK = { server: 0, workstation: 1, laptop: 2 };

export function render(main, context) {
  const problems = h('div', { dataset: { testid: 'now-unexpected' } }, notice('info', 'Loading devices…'));
  const expected = h('div', { dataset: { testid: 'now-expected' } });
  const incidents = h('div', { dataset: { testid: 'now-incidents' } }, notice('info', 'Loading incidents…'));
  const availability = h('div', { dataset: { testid: 'now-availability' } }, notice('info', 'Loading availability…'));
  replace(main,
    h('h1', {}, 'Now'),
    h('section', { 'aria-labelledby': 'now-unexpected-title' },
      h('h2', { id: 'now-unexpected-title' }, 'Down unexpectedly'), problems, expected),
    h('section', { 'aria-labelledby': 'now-incidents-title' },
      h('h2', { id: 'now-incidents-title' }, 'Open incidents'), incidents),
    h('section', { 'aria-labelledby': 'now-availability-title' },
      h('h2', { id: 'now-availability-title' }, 'Availability this month'), availability));
  const load = () => loadAll({ problems, expected, incidents, availability }, context);
  load();
  const timer = setInterval(load, REFRESH_MILLIS);
  return () => clearInterval(timer);
}

async function allDevices(state) {
  const out = [];
  for (;;) {
    const page = await devices({ state, limit: PAGE, offset: out.length });
    out.push(...page.devices);
    if (page.devices.length === 0 || out.length >= page.total) {
      return out;
    }
  }
}

async function loadAll(parts, context) {
  const nowMillis = context.now();
  const [fleet, rows, open] = await Promise.allSettled([
    allDevices(undefined),
    call('/api/v1/availability').then((r) => r.data ?? []),
    call('/api/v1/incidents', { params: { state: 'open' }, notFoundMeansUnavailable: true }).then((r) => r.data ?? []),
  ]);
  if (!context.isCurrent()) {
    return;
  }
  const clientNames = new Map();
  if (rows.status === 'fulfilled') {
    for (const r of rows.value) {
      clientNames.set(r.clientId, r.clientName);
    }
  }
  if (fleet.status === 'fulfilled') {
    showDevices(parts, fleet.value, clientNames, nowMillis);
  } else {
    replace(parts.problems, failure(fleet.reason));
    replace(parts.expected);
  }
  const hostnames = new Map(fleet.status === 'fulfilled' ? fleet.value.map((d) => [d.deviceId, d.hostname]) : []);
  if (open.status === 'fulfilled') {
    replace(parts.incidents, incidentTable(open.value, hostnames, clientNames, nowMillis));
  } else {
    replace(parts.incidents, failure(open.reason));
  }
  replace(parts.availability, rows.status === 'fulfilled' ? availabilityTable(rows.value) : failure(rows.reason));
}

/** Unexpected: down by crash or silence. Expected off: down by an orderly shutdown, asleep, in maintenance. */
export function isUnexpected(d) {
  return d.state === 'down' && UNEXPECTED_CAUSES.includes(d.cause);
}

function isExpectedOff(d) {
  return (d.state === 'down' && !UNEXPECTED_CAUSES.includes(d.cause)) || d.state === 'asleep'
    || d.state === 'maintenance';
}

/** Servers first (then workstations, laptops), then the longest down, then hostname. */
function byUrgency(a, b) {
  const rank = (CLASS_RANK[a.deviceClass] ?? 9) - (CLASS_RANK[b.deviceClass] ?? 9);
  if (rank !== 0) {
    return rank;
  }
  const since = (d) => (d.since ? new Date(d.since).getTime() : Infinity);
  return since(a) - since(b) || String(a.hostname).localeCompare(String(b.hostname));
}

function showDevices(parts, all, clientNames, nowMillis) {
  const unexpected = all.filter(isUnexpected).sort(byUrgency);
  const off = all.filter(isExpectedOff).sort(byUrgency);
  replace(parts.problems, unexpected.length === 0
    ? notice('info', 'No device is down unexpectedly.')
    : deviceTable(unexpected, clientNames, nowMillis, 'Devices down by a crash or silence: servers first, then the longest down.',
      'now-unexpected-table'));
  replace(parts.expected, h('details', { class: 'expected-off', dataset: { testid: 'now-expected-details' } },
    h('summary', {}, `Expected off (orderly shutdown, asleep, maintenance): `,
      h('span', { dataset: { testid: 'now-expected-count' } }, String(off.length))),
    off.length === 0 ? notice('info', 'None.')
      : deviceTable(off, clientNames, nowMillis, 'Devices off as expected.', 'now-expected-table')));
}

function deviceTable(list, clientNames, nowMillis, caption, testid) {
  return h('div', { class: 'table-scroll' }, table({
    caption,
    testid,
    headers: ['Device', 'Client', 'Class', 'State', 'Since', 'For'],
    rows: list.map((d) => h('tr', { dataset: { testid: 'now-device-row', deviceId: d.deviceId, state: d.state } },
      h('td', {}, h('a', { href: `#/device/${encodeURIComponent(d.deviceId)}` }, d.hostname || d.deviceId)),
      h('td', {}, clientNames.get(d.clientId) ?? d.clientId),
      h('td', {}, d.deviceClass),
      h('td', {}, badge(d.state), d.cause ? ` ${d.cause}` : ''),
      h('td', {}, timeElement(d.since)),
      h('td', {}, d.since ? duration(nowMillis - new Date(d.since).getTime()) : '—'))),
  }));
}

function priorityRank(p) {
  const m = /^P(\d+)$/.exec(p ?? '');
  return m ? Number(m[1]) : 99;
}

/** The next due time of an open incident: nextDue when the API gives it, else the response then resolution due. */
function dueOf(incident) {
  const due = incident.nextDue ?? (incident.acknowledgedAt ? incident.resolutionDue : incident.responseDue)
    ?? incident.resolutionDue;
  return due ? new Date(due).getTime() : null;
}

function incidentTable(list, hostnames, clientNames, nowMillis) {
  if (list.length === 0) {
    return notice('info', 'No open incidents.');
  }
  const sorted = [...list].sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority)
    || (dueOf(a) ?? Infinity) - (dueOf(b) ?? Infinity));
  return h('div', { class: 'table-scroll' }, table({
    caption: 'Open incidents by priority, then the soonest due.',
    testid: 'now-incidents-table',
    headers: ['Priority', 'Device', 'Client', 'Rule', 'Due'],
    rows: sorted.map((i) => {
      const due = dueOf(i);
      const host = i.hostname ?? hostnames.get(i.deviceId) ?? i.deviceId;
      let when;
      if (due == null) {
        when = h('span', {}, 'opened ', timeElement(i.openedAt));
      } else if (due < nowMillis) {
        when = h('span', { class: 'overdue' }, `overdue by ${duration(nowMillis - due)}`);
      } else {
        when = h('span', {}, `due in ${duration(due - nowMillis)}`);
      }
      return h('tr', { dataset: { testid: 'now-incident-row', incidentId: i.id } },
        h('td', {}, h('span', { class: `badge badge-priority-${i.priority ?? 'none'}` }, i.priority ?? '—')),
        h('td', {}, i.deviceId ? h('a', { href: `#/device/${encodeURIComponent(i.deviceId)}` }, host) : '—'),
        h('td', {}, clientNames.get(i.clientId) ?? i.clientId ?? '—'),
        h('td', {}, i.rule ?? '—'),
        h('td', {}, when));
    }),
  }));
}

function availabilityTable(rows) {
  if (rows.length === 0) {
    return notice('info', 'Nothing measured this month yet.');
  }
  return h('div', { class: 'table-scroll' }, table({
    caption: 'Month to date, per client and device class: availability against the contract target, the downtime '
      + 'the target allows over the time measured so far, and the credit if the month ended now.',
    testid: 'now-availability-table',
    headers: ['Client', 'Class', 'Devices', 'Availability', 'Target', 'Budget left', 'Projected credit'],
    rows: rows.map((r) => {
      const missed = r.target != null && r.availability != null && r.availability * 100 < r.target;
      return h('tr', { dataset: { testid: 'now-availability-row', client: r.clientId, deviceClass: r.deviceClass } },
        h('td', {}, r.clientName ?? r.clientId),
        h('td', {}, r.deviceClass),
        h('td', {}, String(r.devices)),
        h('td', { class: missed ? 'missed' : null }, formatPercent(r.availability, 3)),
        h('td', {}, r.target == null ? '—' : `${r.target} %`),
        h('td', { class: r.budgetLeftSeconds != null && r.budgetLeftSeconds < 0 ? 'missed' : null },
          r.budgetLeftSeconds == null ? '—' : budgetText(r)),
        h('td', {}, r.projectedCreditPercent == null ? '—' : `${r.projectedCreditPercent} %`));
    }),
  }));
}

function budgetText(r) {
  const left = r.budgetLeftSeconds * 1000;
  const of = `of ${duration(r.budgetSeconds * 1000)}`;
  return left < 0 ? `overspent by ${duration(-left)} (${of})` : `${duration(left)} ${of}`;
}
