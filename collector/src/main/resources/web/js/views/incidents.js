// Incidents as a work queue: by priority and due time, filtered by client, priority, rule and state (all in the
// URL hash, so a link reproduces the view), acknowledged or resolved one by one or in bulk with a note.
import { call } from '../api.js';
import { badge, failure, h, notice, replace, table } from '../dom.js';
import { formatDue, formatLocalTime, formatTime } from '../format.js';
import { knownClients } from '../fleet-index.js';

const STATES = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', '': 'All' };
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const RULES = ['deviceDown', 'diskFull', 'temperature', 'batteryWorn', 'patchWindowMissed'];
const SORTS = { priority: 'Priority, then due', due: 'Due first', opened: 'Newest first' };
const REFRESH_MILLIS = 30_000;

/** The view's filters from the hash; unknown values fall back to the defaults. */
function filtersOf(params) {
  const pick = (name, allowed, fallback) => (allowed.includes(params.get(name)) ? params.get(name) : fallback);
  return {
    state: params.has('state') && params.get('state') in STATES ? params.get('state') : 'open',
    client: params.get('client') ?? '',
    priority: pick('priority', PRIORITIES, ''),
    rule: pick('rule', RULES, ''),
    sort: pick('sort', Object.keys(SORTS), 'priority'),
  };
}

export function render(main, context) {
  const filters = filtersOf(context.params);
  const results = h('div', { id: 'incident-results' }, notice('info', 'Loading…'));
  const feedback = h('div', { role: 'status', 'aria-live': 'polite', dataset: { testid: 'incident-feedback' } });
  const page = { results, feedback, filters, context, selected: new Set() };
  const note = h('input', { id: 'incident-note', type: 'text', maxlength: '2000', placeholder: 'optional note',
    dataset: { testid: 'incident-note' } });
  page.note = note;
  replace(main, h('h1', {}, 'Incidents'), stateTabs(filters), filterForm(filters),
    bulkBar(page), feedback, results);
  load(page);
  const timer = setInterval(() => {
    const busy = results.contains(document.activeElement) || document.activeElement === note || page.selected.size > 0;
    if (!busy) { // never pull the table, a selection or a half-typed note from under the user
      load(page);
    }
  }, REFRESH_MILLIS);
  return () => clearInterval(timer);
}

/** The hash of this view with some filters changed; state is always written ("state=" is every state). */
function hashFor(filters, changes) {
  const next = { ...filters, ...changes };
  const parts = [`state=${encodeURIComponent(next.state)}`];
  for (const key of ['client', 'priority', 'rule', 'sort']) {
    if (next[key]) {
      parts.push(`${key}=${encodeURIComponent(next[key])}`);
    }
  }
  return `#/incidents?${parts.join('&')}`;
}

function stateTabs(filters) {
  return h('nav', { class: 'segmented', 'aria-label': 'Incident state' },
    Object.entries(STATES).map(([value, label]) => h('a', {
      href: hashFor(filters, { state: value }), class: 'button-like',
      'aria-current': value === filters.state ? 'true' : null, dataset: { testid: `incidents-${value || 'all'}` },
    }, label)));
}

function select(id, label, options, value) {
  const element = h('select', { id, dataset: { testid: id } },
    Object.entries(options).map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return [h('label', { for: id }, label), element];
}

function filterForm(filters) {
  const client = h('input', { id: 'incidents-client', type: 'text', value: filters.client, list: 'incident-client-ids',
    placeholder: 'all clients', size: '12', dataset: { testid: 'incidents-client' } });
  const [priorityLabel, priority] = select('incidents-priority', 'Priority',
    { '': 'All', ...Object.fromEntries(PRIORITIES.map((p) => [p, p])) }, filters.priority);
  const [ruleLabel, rule] = select('incidents-rule', 'Rule',
    { '': 'All', ...Object.fromEntries(RULES.map((r) => [r, r])) }, filters.rule);
  const [sortLabel, sort] = select('incidents-sort', 'Order', SORTS, filters.sort);
  const form = h('form', { class: 'filters', 'aria-label': 'Filter incidents' },
    h('label', { for: 'incidents-client' }, 'Client'), client,
    h('datalist', { id: 'incident-client-ids' }, knownClients().map((c) => h('option', { value: c }))),
    priorityLabel, priority, ruleLabel, rule, sortLabel, sort, h('button', { type: 'submit' }, 'Apply'));
  const go = (event) => {
    event.preventDefault();
    window.location.hash = hashFor(filters, { client: client.value.trim(), priority: priority.value,
      rule: rule.value, sort: sort.value });
  };
  form.addEventListener('submit', go);
  for (const s of [priority, rule, sort]) {
    s.addEventListener('change', go);
  }
  return form;
}

function bulkBar(page) {
  const ack = h('button', { type: 'button', dataset: { testid: 'bulk-ack' }, disabled: true,
    onclick: () => bulk(page, 'ack') }, 'Acknowledge selected');
  const resolve = h('button', { type: 'button', class: 'button-quiet', dataset: { testid: 'bulk-resolve' },
    disabled: true, onclick: () => bulk(page, 'resolve') }, 'Resolve selected');
  page.bulkButtons = [ack, resolve];
  return h('div', { class: 'filters wq-bulk', role: 'group', 'aria-label': 'Act on incidents' },
    h('label', { for: 'incident-note' }, 'Note'), page.note, ack, resolve,
    h('span', { class: 'sub', dataset: { testid: 'bulk-count' } }, ''));
}

function selectionChanged(page) {
  for (const b of page.bulkButtons) {
    b.disabled = page.selected.size === 0;
  }
  const count = page.bulkButtons[0].parentElement.querySelector('[data-testid=bulk-count]');
  count.textContent = page.selected.size ? `${page.selected.size} selected` : '';
}

async function load(page) {
  const { state, client, priority, rule, sort } = page.filters;
  try {
    const { data } = await call('/api/v1/incidents', { params: { state, client, priority, rule, sort } });
    if (page.context.isCurrent()) {
      page.selected.clear();
      selectionChanged(page);
      replace(page.results, incidentsTable(data ?? [], page));
    }
  } catch (error) {
    if (page.context.isCurrent()) {
      replace(page.results, failure(error));
    }
  }
}

function body(page, ids) {
  const note = page.note.value.trim();
  return note ? { ids, note } : { ids };
}

async function act(page, incident, action) {
  const verb = action === 'ack' ? 'Acknowledging' : 'Resolving';
  replace(page.feedback, notice('info', `${verb} incident ${incident.id}…`));
  try {
    const note = page.note.value.trim();
    await call(`/api/v1/incidents/${encodeURIComponent(incident.id)}/${action}`,
      { method: 'POST', body: note ? { note } : {} });
    replace(page.feedback, notice('info', `Incident ${incident.id} ${action === 'ack' ? 'acknowledged' : 'resolved'}.`));
    page.note.value = '';
    await load(page);
  } catch (error) {
    replace(page.feedback, failure(error));
  }
}

async function bulk(page, action) {
  const ids = [...page.selected];
  const verb = action === 'ack' ? 'acknowledged' : 'resolved';
  replace(page.feedback, notice('info', `${action === 'ack' ? 'Acknowledging' : 'Resolving'} ${ids.length} incidents…`));
  try {
    const { data } = await call(`/api/v1/incidents/${action}`, { method: 'POST', body: body(page, ids) });
    replace(page.feedback, notice('info', `${data.length} incident${data.length === 1 ? '' : 's'} ${verb}.`));
    page.note.value = '';
    await load(page);
  } catch (error) {
    replace(page.feedback, notice('error', h('strong', {}, 'Nothing was changed: '), error.message));
  }
}

/** A time in the viewer's zone, the UTC time on hover. */
function when(iso) {
  return iso ? h('time', { datetime: iso, title: formatTime(iso) }, formatLocalTime(iso)) : '—';
}

function dueCell(incident, nowMillis) {
  if (!incident.nextDue) {
    return '—';
  }
  const text = formatDue(incident.nextDue, nowMillis);
  return h('span', { class: incident.overdue ? 'overdue' : '', dataset: { testid: 'incident-due' } },
    `${incident.nextDueTarget ?? ''} ${text}`.trim(), h('div', { class: 'sub' }, when(incident.nextDue)));
}

function who(by, at, note) {
  if (!at) {
    return '—';
  }
  return h('span', {}, by ?? 'automatically', h('div', { class: 'sub' }, when(at)),
    note ? h('div', { class: 'wq-note', dataset: { testid: 'incident-note-text' } }, `“${note}”`) : null);
}

function incidentsTable(incidents, page) {
  if (incidents.length === 0) {
    return notice('info', 'No incidents match.');
  }
  const nowMillis = page.context.now();
  const actionable = incidents.filter((i) => i.state !== 'resolved');
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select every incident shown', dataset: { testid: 'incident-select-all' },
    disabled: actionable.length === 0 });
  const boxes = [];
  all.addEventListener('change', () => {
    for (const box of boxes) {
      box.checked = all.checked;
      box.dispatchEvent(new Event('change'));
    }
  });
  const rows = incidents.map((incident) => {
    const id = String(incident.id);
    const state = incident.state ?? 'open';
    const box = state === 'resolved' ? null : h('input', { type: 'checkbox', 'aria-label': `Select incident ${id}`,
      dataset: { testid: 'incident-select', incidentId: id } });
    if (box) {
      boxes.push(box);
      box.addEventListener('change', () => {
        if (box.checked) {
          page.selected.add(id);
        } else {
          page.selected.delete(id);
        }
        selectionChanged(page);
      });
    }
    const device = incident.deviceId ? h('a', { href: `#/device/${encodeURIComponent(incident.deviceId)}` },
      incident.hostname ?? incident.deviceId) : '—';
    return h('tr', { dataset: { testid: 'incident-row', incidentId: id, state } },
      h('td', {}, box),
      h('td', {}, h('span', { class: `badge badge-priority-${incident.priority ?? 'none'}` }, incident.priority ?? '—')),
      h('th', { scope: 'row' }, incident.rule ?? `#${id}`, incident.detail ? h('div', { class: 'sub' }, incident.detail) : null),
      h('td', {}, device, incident.deviceId ? h('div', { class: 'sub mono' }, incident.deviceId) : null),
      h('td', {}, incident.clientId ?? '—'),
      h('td', {}, when(incident.openedAt)),
      h('td', {}, badge(state), incident.escalated ? h('div', { class: 'sub' }, 'escalated') : null),
      h('td', {}, dueCell(incident, nowMillis)),
      h('td', { dataset: { testid: 'incident-acknowledged' } }, who(incident.acknowledgedBy, incident.acknowledgedAt, incident.ackNote)),
      h('td', { dataset: { testid: 'incident-resolved' } }, who(incident.resolvedBy, incident.resolvedAt, incident.resolveNote)),
      h('td', { class: 'actions' },
        state === 'open' ? h('button', { type: 'button', id: `ack-${id}`, dataset: { testid: 'incident-ack', incidentId: id },
          'aria-label': `Acknowledge incident ${id}`, onclick: (e) => { e.currentTarget.disabled = true; act(page, incident, 'ack'); } }, 'Acknowledge') : null,
        state !== 'resolved' ? h('button', { type: 'button', id: `resolve-${id}`, class: 'button-quiet',
          dataset: { testid: 'incident-resolve', incidentId: id }, 'aria-label': `Resolve incident ${id}`,
          onclick: (e) => { e.currentTarget.disabled = true; act(page, incident, 'resolve'); } }, 'Resolve') : null));
  });
  return h('div', { class: 'wq-scroll' }, table({
    caption: `${incidents.length} incident${incidents.length === 1 ? '' : 's'}, ${SORTS[page.filters.sort].toLowerCase()}; times in your time zone (UTC on hover)`,
    headers: [all, 'Priority', 'Incident', 'Device', 'Client', 'Opened', 'State', 'Due', 'Acknowledged', 'Resolved', 'Actions'],
    rows,
    testid: 'incidents-table',
  }));
}
