// The client portal: read-only, for a client's office manager. Sign in with the API token you were given (kept in
// this browser tab only); the page then shows your machines and this month's service, refreshed every minute.
// Nothing here changes anything on the collector.
import { call, clearToken, setToken, token } from '../js/api.js';
import { h, notice, replace } from '../js/dom.js';
import {
  budgetSentence, className, dateTime, machineState, missedBecause, monthName, night, percent, target,
  verdict, zoneName,
} from './portal-model.js';

const REFRESH_MILLIS = 60_000;
const main = document.getElementById('view');
const signout = document.getElementById('signout');
const clientName = document.getElementById('client-name');
let timer = null;

function stopRefresh() {
  if (timer) {
    clearInterval(timer);
    timer = null;
  }
}

function chosenClient() {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('client');
}

async function start() {
  stopRefresh();
  signout.hidden = !token();
  clientName.textContent = '';
  if (!token()) {
    renderSignIn();
    return;
  }
  let clients;
  try {
    ({ data: clients } = await call('/api/v1/clients'));
  } catch (error) {
    replace(main, notice('error', `Could not load your details: ${error.message}`));
    return;
  }
  const chosen = clients.find((c) => c.id === chosenClient());
  if (chosen || clients.length === 1) {
    await showClient(chosen ?? clients[0]);
  } else {
    renderPicker(clients);
  }
}

function renderSignIn(message) {
  const input = h('input', {
    id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help', dataset: { testid: 'portal-token' },
  });
  const feedback = h('div', { id: 'signin-message' }, message ? notice('info', message) : null);
  const submit = h('button', { type: 'submit', dataset: { testid: 'portal-signin' } }, 'Sign in');
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to see your IT service'),
    h('label', { for: 'token' }, 'Your access code'),
    input,
    h('p', { id: 'token-help', class: 'help' }, 'The access code your IT provider gave you. It is kept in this ',
      'browser tab only and forgotten when you close it.'),
    submit, feedback);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const candidate = input.value.trim();
    if (!candidate) {
      return;
    }
    submit.disabled = true;
    try {
      await call('/api/v1/clients', { tokenOverride: candidate });
      setToken(candidate);
      await start();
    } catch (error) {
      const text = error.status === 401 ? 'That access code was not accepted. Please check it and try again.'
        : `Signing in did not work: ${error.message}`;
      replace(feedback, notice('error', text));
      submit.disabled = false;
      input.focus();
    }
  });
  replace(main, form);
  input.focus();
}

function renderPicker(clients) {
  replace(main, h('section', { class: 'card', 'aria-labelledby': 'pick-title' },
    h('h1', { id: 'pick-title' }, 'Choose a client'),
    clients.length === 0 ? h('p', {}, 'This access code does not show any client.')
      : h('ul', { class: 'picker', dataset: { testid: 'portal-clients' } }, clients.map((c) =>
        h('li', {}, h('a', { href: `#client=${encodeURIComponent(c.id)}` }, c.name))))));
}

async function showClient(client) {
  clientName.textContent = `· ${client.name}`;
  document.title = `${client.name} — your IT service`;
  const load = async () => {
    try {
      const { data } = await call(`/api/v1/clients/${encodeURIComponent(client.id)}/summary`);
      render(data);
    } catch (error) {
      if (error.status !== 401) {
        replace(main, notice('error', `Could not load the page: ${error.message}`));
      }
    }
  };
  await load();
  timer = setInterval(load, REFRESH_MILLIS);
}

function render(s) {
  const zone = s.timezone;
  replace(main,
    h('h1', { class: 'page-title' }, `${monthName(s.month)}${s.monthInProgress ? ' so far' : ''}`),
    h('p', { class: 'lead' }, `How your machines have been looked after this month, for ${s.clientName}. `,
      `Times are ${zoneName(zone)}.`),
    availability(s),
    machines(s, zone),
    patchNights(s),
    reports(s),
    h('p', { class: 'updated', dataset: { testid: 'portal-updated' } },
      `Updated ${dateTime(s.generatedAt, zone)} (${zoneName(zone)}). This page refreshes itself every minute.`));
}

function availability(s) {
  const cards = s.classes.map((c) => {
    const v = verdict(c);
    return h('article', { class: `class-card tone-${v.tone}`, dataset: { testid: 'portal-class', class: c.deviceClass } },
      h('h3', {}, `${className(c.deviceClass)} `, h('span', { class: `badge badge-${v.tone}` }, v.text)),
      h('p', { class: 'big' }, h('strong', { dataset: { testid: 'portal-availability' } }, percent(c.availability)),
        ` available — the target is ${target(c.targetPercent)}`),
      c.budgetSeconds == null ? null : h('meter', {
        min: 0, max: c.budgetSeconds || 1, low: (c.budgetSeconds || 1) * 0.25, optimum: c.budgetSeconds || 1,
        value: Math.max(0, c.budgetLeftSeconds), 'aria-label': 'Allowed downtime left',
      }),
      h('p', { class: 'budget', dataset: { testid: 'portal-budget' } }, budgetSentence(c)),
      h('p', { class: 'help' }, `${c.devices} ${c.devices === 1 ? 'machine' : 'machines'}.`));
  });
  return h('section', { 'aria-labelledby': 'availability-title' },
    h('h2', { id: 'availability-title' }, 'Availability this month'),
    h('p', { class: 'help' }, 'The share of the agreed hours your machines were running. Machines you shut down or ',
      'put to sleep do not count against it.'),
    cards.length ? h('div', { class: 'cards' }, cards) : h('p', {}, 'Nothing measured yet this month.'));
}

function machines(s, zone) {
  const rows = s.devices.map((m) => ({ m, state: machineState(m, zone) }))
    .sort((a, b) => a.state.order - b.state.order || String(a.m.hostname).localeCompare(String(b.m.hostname)));
  return h('section', { 'aria-labelledby': 'machines-title' },
    h('h2', { id: 'machines-title' }, `Your machines (${s.devices.length})`),
    rows.length === 0 ? h('p', {}, 'No machines are being looked after yet.')
      : h('table', { class: 'machines', dataset: { testid: 'portal-machines' } },
        h('thead', {}, h('tr', {}, ['Machine', 'Type', 'Right now'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.map(({ m, state }) => h('tr', { dataset: { testid: 'portal-machine', tone: state.tone } },
          h('th', { scope: 'row', class: 'host' }, m.hostname ?? 'Unnamed machine'),
          h('td', { 'data-label': 'Type' }, className(m.deviceClass, false)),
          h('td', { 'data-label': 'Right now' }, h('span', { class: `dot dot-${state.tone}`, 'aria-hidden': 'true' }),
            state.text))))));
}

function patchNights(s) {
  const intro = h('p', { class: 'help' }, 'Updates are installed at night. A machine left off or asleep then misses ',
    'them until the next patch night, so please leave machines on (they may be locked).');
  let body;
  if (!s.patchNightsKnown) {
    body = h('p', {}, 'Patch nights are not tracked by this service.');
  } else if (s.missedPatchNights.length === 0) {
    body = h('p', { dataset: { testid: 'portal-no-missed' } }, 'No machine missed a patch night this month. Thank you!');
  } else {
    body = h('ul', { class: 'missed', dataset: { testid: 'portal-missed' } }, s.missedPatchNights.map((n) =>
      h('li', { dataset: { testid: 'portal-missed-night' } }, h('strong', {}, night(n.night)), ': ',
        `${n.hostname ?? 'a machine'} ${missedBecause(n.cause)}.`)));
  }
  return h('section', { 'aria-labelledby': 'patch-title' },
    h('h2', { id: 'patch-title' }, 'Patch nights missed this month'), intro, body);
}

function reports(s) {
  const feedback = h('div', { role: 'status', 'aria-live': 'polite', dataset: { testid: 'portal-download-status' } });
  const items = s.reports.map((r) => h('li', { dataset: { testid: 'portal-report', month: r.month } },
    h('span', { class: 'report-month' }, `${monthName(r.month)}${r.inProgress ? ' (so far)' : ''}`),
    downloadLink(r.htmlUrl, `${s.clientId}-${r.month}.html`, 'Web page', 'html', feedback),
    downloadLink(r.csvUrl, `${s.clientId}-${r.month}.csv`, 'Spreadsheet (CSV)', 'csv', feedback)));
  return h('section', { 'aria-labelledby': 'reports-title' },
    h('h2', { id: 'reports-title' }, 'Monthly reports'),
    h('p', { class: 'help' }, 'The full monthly report: availability, every outage, patch nights and any service credit.'),
    items.length ? h('ul', { class: 'reports' }, items) : h('p', {}, 'No reports yet.'), feedback);
}

function downloadLink(href, suffix, label, format, feedback) {
  const fileName = `uptally-${suffix}`;
  return h('a', {
    href, class: 'download', download: fileName, dataset: { testid: `portal-download-${format}` },
    onclick: (event) => {
      event.preventDefault();
      download(href, fileName, feedback);
    },
  }, label);
}

/** A plain link cannot send the access code: fetch with it, then save the answer from a Blob URL. */
async function download(href, fileName, feedback) {
  replace(feedback, notice('info', `Preparing ${fileName}…`));
  try {
    const [path, search] = href.split('?');
    const { data } = await call(path, { params: Object.fromEntries(new URLSearchParams(search)), raw: true, accept: '*/*' });
    const url = URL.createObjectURL(await data.blob());
    const link = h('a', { href: url, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    replace(feedback, notice('info', `${fileName} saved to your downloads.`));
  } catch (error) {
    replace(feedback, notice('error', `The report could not be downloaded: ${error.message}`));
  }
}

signout.addEventListener('click', () => {
  clearToken();
  start();
});
window.addEventListener('uptally:signed-out', () => {
  stopRefresh();
  signout.hidden = true;
  renderSignIn('You have been signed out. Please sign in again.');
});
window.addEventListener('hashchange', start);
start();
