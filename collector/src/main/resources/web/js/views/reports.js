// Monthly client reports. The links are the real API addresses; a click fetches them with the bearer
// token (a plain link cannot send it) and saves the result.
import { call } from '../api.js';
import { failure, h, notice, replace } from '../dom.js';
import { knownClients, loadIndex } from '../fleet-index.js';
import { previousMonth } from '../format.js';

const FORMATS = [['html', 'HTML'], ['csv', 'CSV'], ['json', 'JSON']];

export async function render(main, context) {
  const month = /^\d{4}-\d{2}$/.test(context.params.get('month') ?? '') ? context.params.get('month') : previousMonth(context.now());
  const feedback = h('div', { role: 'status', 'aria-live': 'polite' });
  const list = h('div', {}, notice('info', 'Loading clients…'));
  const monthInput = h('input', { id: 'report-month', type: 'month', value: month, dataset: { testid: 'report-month' } });
  monthInput.addEventListener('change', () => {
    if (/^\d{4}-\d{2}$/.test(monthInput.value)) {
      context.navigate('/reports', { client: context.params.get('client'), month: monthInput.value });
    }
  });
  replace(main, h('h1', {}, 'Monthly reports'),
    h('form', { class: 'filters', 'aria-label': 'Report month' }, h('label', { for: 'report-month' }, 'Month'), monthInput),
    feedback, list);
  try {
    await loadIndex();
  } catch (error) {
    replace(feedback, failure(error));
  }
  if (!context.isCurrent()) {
    return;
  }
  const only = context.params.get('client');
  const clients = only ? [only] : knownClients();
  if (clients.length === 0) {
    replace(list, notice('info', 'No clients with enrolled devices yet.'));
    return;
  }
  replace(list, h('ul', { class: 'reports', dataset: { testid: 'report-list' } }, clients.map((client) =>
    h('li', { dataset: { testid: 'report-item', client } }, h('strong', {}, client), ` — ${month}: `,
      FORMATS.map(([format, label]) => reportLink(client, month, format, label, feedback))))),
  only ? h('p', {}, h('a', { href: `#/reports?month=${month}` }, 'All clients')) : null);
}

export function reportPath(client, month, format) {
  return `/api/v1/clients/${encodeURIComponent(client)}/report?month=${month}&format=${format}`;
}

function reportLink(client, month, format, label, feedback) {
  const href = reportPath(client, month, format);
  const fileName = `uptally-${client}-${month}.${format}`;
  return h('a', {
    href, class: 'report-link', download: fileName, dataset: { testid: `report-${format}` },
    onclick: (event) => {
      event.preventDefault();
      download(href, fileName, feedback);
    },
  }, label);
}

/**
 * Saves the report as a file. It is not opened in a tab: a blob document would inherit the dashboard's
 * Content-Security-Policy and lose the report's own styles, while a saved file opens as written.
 */
async function download(href, fileName, feedback) {
  replace(feedback, notice('info', `Fetching ${fileName}…`));
  try {
    const { data } = await call(href.split('?')[0], {
      params: Object.fromEntries(new URLSearchParams(href.split('?')[1])), raw: true, accept: '*/*',
      notFoundMeansUnavailable: true,
    });
    const url = URL.createObjectURL(await data.blob());
    const link = h('a', { href: url, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    replace(feedback, notice('info', `${fileName} saved.`));
  } catch (error) {
    replace(feedback, failure(error));
  }
}
