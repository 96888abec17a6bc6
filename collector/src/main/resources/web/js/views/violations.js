// Violations of either side of the contract: filtered by client, party, type, cause and a month or a from/to range
// (all in the URL hash), paged, as a list or rolled up per device ("ws-006 missed 8 of 8"), exported as CSV.
import { call, query, token } from '../api.js';
import { failure, h, notice, replace, table } from '../dom.js';
import { formatLocalTime, formatTime, readableDetail } from '../format.js';
import { knownClients } from '../fleet-index.js';

const PARTIES = { '': 'Both parties', customer: 'Customer', msp: 'Provider (MSP)' };
const TYPES = { '': 'All types', 'patch-window-missed': 'Patch window missed',
  'availability-below-target': 'Availability below target', 'response-breach': 'Response breach',
  'resolution-breach': 'Resolution breach' };
const CAUSES = { '': 'All causes', shutdown: 'shutdown', asleep: 'asleep', silent: 'silent', crash: 'crash',
  unknown: 'unknown' };
const PAGE_SIZE = 50;
const MISSED = { 'patch-window-missed': 'missed', 'availability-below-target': 'fell short in',
  'response-breach': 'breached response', 'resolution-breach': 'breached resolution' };

function filtersOf(params) {
  const pick = (name, allowed) => (params.get(name) ?? '') in allowed ? (params.get(name) ?? '') : '';
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month') : '';
  const date = (name) => (/^\d{4}-\d{2}-\d{2}$/.test(params.get(name) ?? '') ? params.get(name) : '');
  return {
    client: params.get('client') ?? '', party: pick('party', PARTIES), type: pick('type', TYPES),
    cause: pick('cause', CAUSES), month, from: month ? '' : date(`from`), to: month ? '' : date('to'),
    view: params.get('view') === 'rollup' ? 'rollup' : 'list',
    offset: Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0),
  };
}

/** The API's query for the filters (the range only when one is chosen: else the API's last 30 days). */
function apiParams(f) {
  return { client: f.client, party: f.party, type: f.type, cause: f.cause, month: f.month, from: f.from, to: f.to };
}

export async function render(main, context) {
  const f = filtersOf(context.params);
  const results = h('div', {}, notice('info', 'Loading…'));
  const csvHref = `/api/v1/violations${query({ ...apiParams(f), order: 'desc', limit: 5000, format: 'csv' })}`;
  const csv = h('a', { href: csvHref, class: 'button-like', dataset: { testid: 'violations-csv' },
    download: 'violations.csv', onclick: (e) => download(e, csvHref, results) }, 'Export CSV');
  replace(main, h('h1', {}, 'Violations'), controls(f, context), h('div', { class: 'filters' }, viewTabs(f, context), csv),
    results);
  try {
    if (f.view === 'rollup') {
      const { data } = await call('/api/v1/violations/rollup', { params: apiParams(f) });
      if (context.isCurrent()) {
        replace(results, rollupTable(data ?? []));
      }
      return;
    }
    const { data, headers } = await call('/api/v1/violations',
      { params: { ...apiParams(f), order: 'desc', limit: PAGE_SIZE, offset: f.offset } });
    const total = Number.parseInt(headers.get('X-Total-Count') ?? '', 10);
    if (context.isCurrent()) {
      replace(results, violationsTable(data ?? [], Number.isNaN(total) ? (data ?? []).length : total, f, context));
    }
  } catch (error) {
    if (context.isCurrent()) {
      replace(results, failure(error));
    }
  }
}

/** The CSV needs the token, which never goes in a URL: fetched with it, then handed to the browser as a file. */
async function download(event, href, results) {
  event.preventDefault();
  try {
    const response = await fetch(href, { headers: { Authorization: `Bearer ${token()}` }, cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`${response.status} ${await response.text()}`);
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'violations.csv';
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    results.prepend(notice('error', h('strong', {}, 'Export failed: '), error.message));
  }
}

function viewTabs(f, context) {
  return h('nav', { class: 'segmented', 'aria-label': 'Violations view' },
    [['list', 'List'], ['rollup', 'Per device']].map(([view, label]) => h('a', {
      href: '#', class: 'button-like', 'aria-current': f.view === view ? 'true' : null,
      dataset: { testid: `violations-view-${view}` },
      onclick: (e) => { e.preventDefault(); context.navigate('/violations', { ...apiParams(f), view: view === 'list' ? '' : view }); },
    }, label)));
}

function select(id, label, options, value) {
  return [h('label', { for: id }, label), h('select', { id, dataset: { testid: id } },
    Object.entries(options).map(([v, text]) => h('option', { value: v, selected: v === value }, text)))];
}

function controls(f, context) {
  const client = h('input', { id: 'violations-client', type: 'text', value: f.client, list: 'client-ids', size: '12',
    placeholder: 'all clients', dataset: { testid: 'violations-client' } });
  const [partyLabel, party] = select('violations-party', 'Party', PARTIES, f.party);
  const [typeLabel, type] = select('violations-type', 'Type', TYPES, f.type);
  const [causeLabel, cause] = select('violations-cause', 'Cause', CAUSES, f.cause);
  const month = h('input', { id: 'violations-month', type: 'month', value: f.month, dataset: { testid: 'violations-month' } });
  const from = h('input', { id: 'violations-since', type: 'date', value: f.from, dataset: { testid: 'violations-since' } });
  const to = h('input', { id: 'violations-until', type: 'date', value: f.to, dataset: { testid: 'violations-until' } });
  const form = h('form', { class: 'filters', 'aria-label': 'Filter violations' },
    h('label', { for: 'violations-client' }, 'Client'), client,
    h('datalist', { id: 'client-ids' }, knownClients().map((c) => h('option', { value: c }))),
    partyLabel, party, typeLabel, type, causeLabel, cause,
    h('label', { for: 'violations-month' }, 'Month'), month,
    h('span', { class: 'sub' }, 'or'),
    h('label', { for: 'violations-since' }, 'From'), from, h('label', { for: 'violations-until' }, 'to'), to,
    h('button', { type: 'submit' }, 'Apply'),
    f.month || f.from || f.to ? null : h('span', { class: 'sub' }, 'showing the last 30 days'));
  const go = (event) => {
    event.preventDefault();
    const useMonth = event.target === month || (month.value && event.target !== from && event.target !== to);
    context.navigate('/violations', { client: client.value.trim(), party: party.value, type: type.value,
      cause: cause.value, month: useMonth ? month.value : '', from: useMonth ? '' : from.value,
      to: useMonth ? '' : to.value, view: f.view === 'list' ? '' : f.view });
  };
  form.addEventListener('submit', go);
  for (const input of [party, type, cause, month, from, to]) {
    input.addEventListener('change', go);
  }
  return form;
}

function when(iso) {
  return iso ? h('time', { datetime: iso, title: formatTime(iso) }, formatLocalTime(iso)) : 'open';
}

function device(v) {
  return v.deviceId ? h('a', { href: `#/device/${encodeURIComponent(v.deviceId)}` }, v.hostname ?? v.deviceId) : '—';
}

function pager(total, f, context) {
  const last = Math.min(total, f.offset + PAGE_SIZE);
  const move = (offset) => context.navigate('/violations', { ...apiParams(f), offset: offset || '' });
  return h('div', { class: 'pager', dataset: { testid: 'violations-pager' } },
    h('button', { type: 'button', class: 'button-quiet', disabled: f.offset === 0,
      onclick: () => move(Math.max(0, f.offset - PAGE_SIZE)) }, 'Previous'),
    h('span', { class: 'page-of' }, total === 0 ? '0' : `${f.offset + 1}–${last} of ${total}`),
    h('button', { type: 'button', class: 'button-quiet', disabled: last >= total,
      onclick: () => move(f.offset + PAGE_SIZE) }, 'Next'));
}

function violationsTable(violations, total, f, context) {
  if (total === 0) {
    return notice('info', 'No violations match.');
  }
  return h('div', {}, h('div', { class: 'wq-scroll' }, table({
    caption: `${total} violation${total === 1 ? '' : 's'}, newest first; times in your time zone (UTC on hover)`,
    headers: ['Type', 'Party', 'Client', 'Device', 'Start', 'End', 'Cause', 'Detail'],
    rows: violations.map((v) => h('tr', { dataset: { testid: 'violation-row', violationId: v.id } },
      h('td', {}, v.type), h('td', {}, h('span', { class: `badge badge-party-${v.party}` }, v.party)),
      h('td', {}, v.clientId), h('td', {}, device(v)), h('td', {}, when(v.start)), h('td', {}, when(v.end)),
      h('td', {}, v.cause ?? '—'), h('td', {}, readableDetail(v.detail)))),
    testid: 'violations-table',
  })), pager(total, f, context));
}

function rollupTable(rows) {
  if (rows.length === 0) {
    return notice('info', 'No violations match.');
  }
  return h('div', { class: 'wq-scroll' }, table({
    caption: 'Per device and type; "of" counts the patch windows or months judged in the range',
    headers: ['Device', 'Client', 'Type', 'Party', 'Summary'],
    rows: rows.map((r) => h('tr', { dataset: { testid: 'rollup-row', deviceId: r.deviceId ?? '' } },
      h('td', {}, device(r)), h('td', {}, r.clientId), h('td', {}, r.type),
      h('td', {}, h('span', { class: `badge badge-party-${r.party}` }, r.party)),
      h('td', { dataset: { testid: 'rollup-summary' } }, `${r.hostname ?? r.deviceId ?? r.clientId} ${MISSED[r.type] ?? 'had'} ${r.count}`
        + (r.of == null ? ` ${r.count === 1 ? 'time' : 'times'}` : ` of ${r.of}`)))),
    testid: 'violations-rollup',
  }));
}
