// Violations of either side of the contract (GET /api/v1/violations; may not exist on this collector yet).
import { call } from '../api.js';
import { failure, h, notice, replace, table } from '../dom.js';
import { formatTime } from '../format.js';
import { knownClients } from '../fleet-index.js';

const PARTIES = { '': 'Both parties', customer: 'Customer', msp: 'Provider (MSP)' };

export async function render(main, context) {
  const client = context.params.get('client') ?? '';
  const party = context.params.get('party') in PARTIES ? context.params.get('party') : '';
  const results = h('div', {}, notice('info', 'Loading…'));
  replace(main, h('h1', {}, 'Violations'), controls(client, party, context), results);
  try {
    const { data } = await call('/api/v1/violations', { params: { client, party }, notFoundMeansUnavailable: true });
    if (context.isCurrent()) {
      replace(results, violationsTable(data ?? []));
    }
  } catch (error) {
    if (context.isCurrent()) {
      replace(results, failure(error));
    }
  }
}

function controls(client, party, context) {
  const clientInput = h('input', { id: 'violations-client', type: 'text', value: client, list: 'client-ids',
    placeholder: 'all clients', dataset: { testid: 'violations-client' } });
  const partySelect = h('select', { id: 'violations-party', dataset: { testid: 'violations-party' } },
    Object.entries(PARTIES).map(([value, label]) => h('option', { value, selected: value === party }, label)));
  const form = h('form', { class: 'filters', 'aria-label': 'Filter violations' },
    h('label', { for: 'violations-client' }, 'Client'), clientInput,
    h('datalist', { id: 'client-ids' }, knownClients().map((c) => h('option', { value: c }))),
    h('label', { for: 'violations-party' }, 'Party'), partySelect,
    h('button', { type: 'submit' }, 'Apply'));
  const go = (event) => {
    event.preventDefault();
    context.navigate('/violations', { client: clientInput.value.trim(), party: partySelect.value });
  };
  form.addEventListener('submit', go);
  partySelect.addEventListener('change', go);
  return form;
}

function violationsTable(violations) {
  if (violations.length === 0) {
    return notice('info', 'No violations match.');
  }
  return table({
    caption: `${violations.length} violation${violations.length === 1 ? '' : 's'}, newest first`,
    headers: ['Type', 'Party', 'Client', 'Device', 'Start', 'End', 'Cause', 'Detail'],
    rows: [...violations].sort((a, b) => String(b.start).localeCompare(String(a.start))).map((v) =>
      h('tr', { dataset: { testid: 'violation-row', violationId: v.id } },
        h('td', {}, v.type), h('td', {}, h('span', { class: `badge badge-party-${v.party}` }, v.party)),
        h('td', {}, v.clientId),
        h('td', {}, v.deviceId ? h('a', { href: `#/device/${encodeURIComponent(v.deviceId)}`, class: 'mono' }, v.deviceId) : '—'),
        h('td', {}, formatTime(v.start)), h('td', {}, v.end ? formatTime(v.end) : 'open'),
        h('td', {}, v.cause ?? '—'), h('td', {}, v.detail ?? ''))),
    testid: 'violations-table',
  });
}
