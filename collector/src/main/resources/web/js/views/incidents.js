// Incidents with acknowledge and resolve (operator role). The endpoints may not exist on this collector
// yet; a 404 shows "not available". Fields are read defensively: the incident shape is still growing.
import { call } from '../api.js';
import { badge, failure, h, notice, replace, table } from '../dom.js';
import { formatAgo, formatTime } from '../format.js';

const STATES = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', '': 'All' };
const REFRESH_MILLIS = 30_000;

export function render(main, context) {
  const state = context.params.get('state') in STATES ? context.params.get('state') : 'open';
  const results = h('div', { id: 'incident-results' }, notice('info', 'Loading…'));
  const feedback = h('div', { role: 'status', 'aria-live': 'polite', dataset: { testid: 'incident-feedback' } });
  replace(main, h('h1', {}, 'Incidents'), stateTabs(state), feedback, results);
  loadIncidents(results, feedback, state, context);
  const timer = setInterval(() => {
    if (!results.contains(document.activeElement)) { // a refresh would replace the button the user is on
      loadIncidents(results, feedback, state, context);
    }
  }, REFRESH_MILLIS);
  return () => clearInterval(timer);
}

function stateTabs(current) {
  return h('nav', { class: 'segmented', 'aria-label': 'Incident state' },
    Object.entries(STATES).map(([value, label]) => h('a', {
      href: `#/incidents${value ? `?state=${value}` : '?state='}`, class: 'button-like',
      'aria-current': value === current ? 'true' : null, dataset: { testid: `incidents-${value || 'all'}` },
    }, label)));
}

async function loadIncidents(results, feedback, state, context) {
  try {
    const { data } = await call('/api/v1/incidents', { params: { state }, notFoundMeansUnavailable: true });
    if (context.isCurrent()) {
      replace(results, incidentsTable(data ?? [], context.now(), (incident, action) =>
        act(incident, action, feedback, () => loadIncidents(results, feedback, state, context))));
    }
  } catch (error) {
    if (context.isCurrent()) {
      replace(results, failure(error));
    }
  }
}

async function act(incident, action, feedback, reload) {
  const verb = action === 'ack' ? 'Acknowledging' : 'Resolving';
  replace(feedback, notice('info', `${verb} incident ${incident.id}…`));
  try {
    await call(`/api/v1/incidents/${encodeURIComponent(incident.id)}/${action}`, { method: 'POST', notFoundMeansUnavailable: true });
    replace(feedback, notice('info', `Incident ${incident.id} ${action === 'ack' ? 'acknowledged' : 'resolved'}.`));
    await reload();
  } catch (error) {
    replace(feedback, failure(error));
  }
}

function field(incident, ...names) {
  for (const name of names) {
    if (incident[name] != null) {
      return incident[name];
    }
  }
  return null;
}

function due(iso, nowMillis) {
  if (!iso) {
    return '—';
  }
  const overdue = new Date(iso).getTime() < nowMillis;
  return h('span', { class: overdue ? 'overdue' : '' }, formatTime(iso), overdue ? ' (overdue)' : '');
}

function incidentsTable(incidents, nowMillis, onAction) {
  if (incidents.length === 0) {
    return notice('info', 'No incidents in this state.');
  }
  return table({
    caption: `${incidents.length} incident${incidents.length === 1 ? '' : 's'}`,
    headers: ['Priority', 'Incident', 'Device', 'Client', 'Opened', 'State', 'Response due', 'Resolution due', 'Actions'],
    rows: incidents.map((incident) => {
      const state = field(incident, 'state', 'status') ?? 'open';
      const opened = field(incident, 'openedAt', 'opened', 'start');
      const deviceId = field(incident, 'deviceId');
      const id = String(incident.id);
      return h('tr', { dataset: { testid: 'incident-row', incidentId: id, state } },
        h('td', {}, h('span', { class: `badge badge-priority-${field(incident, 'priority') ?? 'none'}` }, field(incident, 'priority') ?? '—')),
        h('th', { scope: 'row' }, field(incident, 'title', 'summary', 'rule', 'type') ?? `#${id}`,
          field(incident, 'detail') ? h('div', { class: 'sub' }, field(incident, 'detail')) : null),
        h('td', {}, deviceId ? h('a', { href: `#/device/${encodeURIComponent(deviceId)}` }, field(incident, 'hostname') ?? deviceId) : '—'),
        h('td', {}, field(incident, 'clientId') ?? '—'),
        h('td', {}, opened ? `${formatTime(opened)} (${formatAgo(opened, nowMillis)})` : '—'),
        h('td', {}, badge(state)),
        h('td', {}, state === 'open' ? due(field(incident, 'responseDueAt', 'responseDue'), nowMillis) : '—'),
        h('td', {}, state !== 'resolved' ? due(field(incident, 'resolutionDueAt', 'resolutionDue'), nowMillis) : '—'),
        h('td', { class: 'actions' },
          state === 'open' ? h('button', { type: 'button', id: `ack-${id}`, dataset: { testid: 'incident-ack', incidentId: id },
            'aria-label': `Acknowledge incident ${id}`, onclick: (e) => { e.currentTarget.disabled = true; onAction(incident, 'ack'); } }, 'Acknowledge') : null,
          state !== 'resolved' ? h('button', { type: 'button', id: `resolve-${id}`, class: 'button-quiet',
            dataset: { testid: 'incident-resolve', incidentId: id }, 'aria-label': `Resolve incident ${id}`,
            onclick: (e) => { e.currentTarget.disabled = true; onAction(incident, 'resolve'); } }, 'Resolve') : null));
    }),
    testid: 'incidents-table',
  });
}
