// Fleet overview: devices by client and state (from the fleet index), and the device table, filtered and
// paged by the server (client, state, limit, offset; total in X-Total-Count). The search box filters the
// index instead, because the API has no text search.
import { devices } from '../api.js';
import { badge, failure, h, notice, replace, table } from '../dom.js';
import { LIVE_STATES, matches, page, summaryOf, tally } from '../fleet-model.js';
import { loadIndex } from '../fleet-index.js';
import { formatAgo, formatCount, formatPercent } from '../format.js';

const PAGE_SIZES = [25, 50, 100, 250];
const TABLE_REFRESH_MILLIS = 30_000;

export function render(main, context) {
  const filters = {
    client: context.params.get('client') ?? '',
    state: context.params.get('state') ?? '',
    q: context.params.get('q') ?? '',
    page: Math.max(1, Number.parseInt(context.params.get('page') ?? '1', 10) || 1),
    size: PAGE_SIZES.includes(Number(context.params.get('size'))) ? Number(context.params.get('size')) : 50,
    retired: context.params.get('retired') === 'all' ? 'all' : '',
  };
  const summary = h('div', { id: 'fleet-summary', dataset: { testid: 'fleet-summary' } }, notice('info', 'Counting devices…'));
  const results = h('div', { id: 'device-results' });
  const form = filterForm(filters, () => {
    filters.page = 1;
    syncHash(filters);
    loadTable(results, filters, context);
  });
  replace(main,
    h('h1', {}, 'Fleet'),
    h('section', { 'aria-labelledby': 'summary-title' }, h('h2', { id: 'summary-title' }, 'Devices by client and state'), summary),
    h('section', { 'aria-labelledby': 'devices-title' }, h('h2', { id: 'devices-title' }, 'Devices'), form, results));
  loadSummary(summary, form, filters, context, false);
  loadTable(results, filters, context);
  const timer = setInterval(() => {
    loadSummary(summary, form, filters, context, true);
    loadTable(results, filters, context, true);
  }, TABLE_REFRESH_MILLIS);
  return () => clearInterval(timer);
}

function syncHash(filters) {
  const search = new URLSearchParams();
  for (const key of ['client', 'state', 'q', 'retired']) {
    if (filters[key]) {
      search.set(key, filters[key]);
    }
  }
  if (filters.page > 1) {
    search.set('page', String(filters.page));
  }
  if (filters.size !== 50) {
    search.set('size', String(filters.size));
  }
  const text = search.toString();
  history.replaceState(null, '', `#/fleet${text ? `?${text}` : ''}`);
}

function filterForm(filters, apply) {
  const client = h('select', { id: 'filter-client', name: 'client', dataset: { testid: 'filter-client' } },
    h('option', { value: '' }, 'All clients'),
    filters.client ? h('option', { value: filters.client, selected: true }, filters.client) : null);
  const state = h('select', { id: 'filter-state', name: 'state', dataset: { testid: 'filter-state' } },
    h('option', { value: '' }, 'All states'),
    LIVE_STATES.map((s) => h('option', { value: s, selected: s === filters.state }, s)));
  const search = h('input', { id: 'device-search', name: 'q', type: 'search', value: filters.q,
    placeholder: 'hostname or device id', dataset: { testid: 'device-search' } });
  const size = h('select', { id: 'filter-size', name: 'size' },
    PAGE_SIZES.map((n) => h('option', { value: n, selected: n === filters.size }, `${n} per page`)));
  const retired = h('input', { id: 'filter-retired', type: 'checkbox', checked: filters.retired === 'all',
    dataset: { testid: 'show-retired' } });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter devices' },
    h('label', { for: 'filter-client' }, 'Client'), client,
    h('label', { for: 'filter-state' }, 'State'), state,
    h('label', { for: 'device-search' }, 'Search'), search,
    h('label', { for: 'filter-size', class: 'visually-hidden' }, 'Page size'), size,
    h('label', { for: 'filter-retired', class: 'show-retired' }, retired, ' Show retired'),
    h('button', { type: 'submit', dataset: { testid: 'filter-apply' } }, 'Apply'));
  const readAndApply = () => {
    filters.client = client.value;
    filters.state = state.value;
    filters.q = search.value.trim();
    filters.size = Number(size.value);
    filters.retired = retired.checked ? 'all' : '';
    apply();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    readAndApply();
  });
  for (const select of [client, state, size, retired]) {
    select.addEventListener('change', readAndApply);
  }
  form.clientSelect = client;
  return form;
}

async function loadSummary(container, form, filters, context, quiet) {
  try {
    const index = await loadIndex({ // refreshes itself once a minute
      onProgress: (loaded, total) => {
        if (!quiet && context.isCurrent()) {
          replace(container, notice('info', `Counting devices… ${formatCount(loaded)} of ${formatCount(total)}`));
        }
      },
    });
    if (!context.isCurrent()) {
      return;
    }
    const counts = tally(index.devices);
    replace(container, summaryTable(counts));
    fillClients(form.clientSelect, counts.clients, filters.client);
  } catch (error) {
    if (context.isCurrent() && !quiet) {
      replace(container, failure(error));
    }
  }
}

function fillClients(select, clients, selected) {
  const options = [h('option', { value: '' }, 'All clients'),
    ...clients.map((c) => h('option', { value: c, selected: c === selected }, c))];
  if (selected && !clients.includes(selected)) {
    options.push(h('option', { value: selected, selected: true }, selected));
  }
  select.replaceChildren(...options);
}

function countLink(count, client, state) {
  if (count === 0) {
    return h('span', { class: 'zero' }, '0');
  }
  const params = new URLSearchParams();
  if (client) {
    params.set('client', client);
  }
  if (state) {
    params.set('state', state);
  }
  return h('a', { href: `#/fleet?${params}`, class: `count count-${state || 'total'}` }, formatCount(count));
}

function summaryTable({ clients, byClient, totals }) {
  const rows = clients.map((client) => {
    const row = byClient.get(client);
    return h('tr', { dataset: { testid: 'summary-row', client } },
      h('th', { scope: 'row' }, client),
      LIVE_STATES.map((s) => h('td', { class: 'num' }, countLink(row[s], client, s))),
      h('td', { class: 'num' }, countLink(row.total, client, '')),
      h('td', {}, h('a', { href: `#/reports?client=${encodeURIComponent(client)}` }, 'reports')));
  });
  rows.push(h('tr', { class: 'totals' }, h('th', { scope: 'row' }, 'All clients'),
    LIVE_STATES.map((s) => h('td', { class: 'num' }, countLink(totals[s], '', s))),
    h('td', { class: 'num' }, formatCount(totals.total)), h('td', {})));
  return table({ caption: 'Live state of every device, per client. Select a count to list those devices.',
    headers: ['Client', ...LIVE_STATES, 'total', ''], rows, testid: 'summary-table' });
}

async function loadTable(container, filters, context, quiet = false) {
  if (quiet && container.contains(document.activeElement)) {
    return; // a refresh would replace the control the user is on
  }
  if (!quiet) {
    container.setAttribute('aria-busy', 'true');
  }
  try {
    const offset = (filters.page - 1) * filters.size;
    let shown;
    if (filters.q) {
      const index = await loadIndex();
      const hits = index.devices.filter((d) => matches(d, filters));
      shown = page(hits, filters.page - 1, filters.size);
    } else {
      const result = await devices({ client: filters.client, state: filters.state, limit: filters.size, offset,
        retired: filters.retired });
      shown = { items: result.devices.map(summaryOf), first: result.devices.length ? offset + 1 : 0,
        last: offset + result.devices.length, total: result.total };
    }
    if (context.isCurrent()) {
      replace(container, deviceTable(shown, context.now()), pager(shown, filters, () => {
        syncHash(filters);
        loadTable(container, filters, context);
      }));
    }
  } catch (error) {
    if (context.isCurrent()) {
      replace(container, failure(error));
    }
  } finally {
    container.removeAttribute('aria-busy');
  }
}

function deviceRow(d, nowMillis) {
  return h('tr', { dataset: { testid: 'device-row', deviceId: d.deviceId, state: d.state } },
    h('th', { scope: 'row' },
      h('a', { href: `#/device/${encodeURIComponent(d.deviceId)}`, dataset: { testid: 'device-link' } }, d.hostname || d.deviceId),
      h('div', { class: 'sub mono' }, d.deviceId)),
    h('td', {}, d.clientId), h('td', {}, d.deviceClass), h('td', {}, badge(d.state)),
    h('td', {}, formatAgo(d.lastHeartbeat, nowMillis)),
    h('td', { class: 'num' }, formatPercent(d.cpuUsage, 0)),
    h('td', { class: 'num' }, formatPercent(d.memoryUsed, 0)),
    h('td', { class: `num${d.fullestDisk > 0.9 ? ' warn' : ''}` }, formatPercent(d.fullestDisk, 0)));
}

function deviceTable(shown, nowMillis) {
  if (shown.total === 0) {
    return notice('info', 'No devices match these filters.');
  }
  return table({
    caption: `Devices ${formatCount(shown.first)}–${formatCount(shown.last)} of ${formatCount(shown.total)}`,
    headers: ['Host', 'Client', 'Class', 'State', 'Last heartbeat', 'CPU', 'Memory', 'Fullest disk'],
    rows: shown.items.map((d) => deviceRow(d, nowMillis)), testid: 'device-table',
  });
}

function pager(shown, filters, go) {
  const pages = Math.max(1, Math.ceil(shown.total / filters.size));
  const button = (label, target, testid) => h('button', {
    type: 'button', disabled: target < 1 || target > pages || target === filters.page, dataset: { testid },
    onclick: () => {
      filters.page = target;
      go();
    },
  }, label);
  return h('nav', { class: 'pager', 'aria-label': 'Device pages' },
    button('« First', 1, 'page-first'), button('‹ Previous', filters.page - 1, 'page-prev'),
    h('span', { class: 'page-of', dataset: { testid: 'page-of' } }, `Page ${formatCount(filters.page)} of ${formatCount(pages)}`),
    button('Next ›', filters.page + 1, 'page-next'), button('Last »', pages, 'page-last'));
}
