// The device page's lifecycle: its hardware changes (with the operator's "not a failure" correction), retiring
// (failed, replaced, decommissioned) and reinstating. Operator actions are offered to everyone; the collector
// decides (403 below operator, 409 retiring twice, 400 for a bad time) and the page shows its answer.
import { call } from '../api.js';
import { h, notice, replace, table } from '../dom.js';
import { formatBytes, formatTime } from '../format.js';

const DASH = '—';
const REASONS = {
  failed: 'Failed (it broke: counts as a failure of its model)',
  replaced: 'Replaced (swapped before it failed)',
  decommissioned: 'Decommissioned (taken out of service)',
};

/** A line saying the device is retired, with reason, time and note; null while in service. */
export function retiredNotice(device) {
  if (!device.retiredAt) {
    return null;
  }
  return h('div', { class: 'notice notice-retired', role: 'note', dataset: { testid: 'retired-notice' } },
    h('strong', {}, `Retired (${device.retiredReason ?? 'unknown reason'}) `), `since ${formatTime(device.retiredAt)}.`,
    device.retiredNote ? ` ${device.retiredNote}` : '',
    ' Its timeline ends there; its history stays in SLA figures and reports.');
}

/**
 * The "Hardware changes" panel and the lifecycle actions, loading the changes itself.
 * @param reload re-renders the device page after an action changed the device
 */
export function lifecyclePanel(device, reload) {
  const path = `/api/v1/devices/${encodeURIComponent(device.deviceId)}`;
  const feedback = h('div', { role: 'status', 'aria-live': 'polite', dataset: { testid: 'lifecycle-feedback' } });
  const changes = h('div', { dataset: { testid: 'hardware-changes-body' } }, notice('info', 'Loading hardware changes…'));
  const load = async () => {
    try {
      const { data } = await call(`${path}/hardware-changes`, { notFoundMeansUnavailable: true });
      replace(changes, changesTable(data ?? [], (change, note) => correct(path, change, note, feedback, load)));
    } catch (error) {
      replace(changes, actionFailed('Could not load the hardware changes', error));
    }
  };
  load();
  return h('section', { class: 'panel', 'aria-labelledby': 'lifecycle-title', dataset: { testid: 'hardware-changes' } },
    h('div', { class: 'panel-head' }, h('h2', { id: 'lifecycle-title' }, 'Hardware changes'),
      device.retiredAt ? reinstateButton(path, feedback, reload) : retireForm(path, feedback, reload)),
    feedback, changes);
}

function part(p) {
  if (!p) {
    return DASH;
  }
  const size = p.sizeBytes == null ? '' : ` (${formatBytes(p.sizeBytes)})`;
  return h('span', {}, `${p.model ?? 'unknown model'}${size}`, h('div', { class: 'sub mono' }, p.serial ?? DASH));
}

function changesTable(changes, onCorrect) {
  if (changes.length === 0) {
    return h('p', {}, 'No hardware changes: the board and drives are those of the first inventory.');
  }
  return table({
    caption: `${changes.length} change${changes.length === 1 ? '' : 's'}, read from consecutive inventories. `
      + 'A replaced part counts as a failure of its model unless an operator says otherwise.',
    headers: ['When', 'Change', 'Removed', 'Added', 'Failure', 'Note', ''],
    rows: changes.map((c) => h('tr', { dataset: { testid: 'hardware-change-row', changeId: c.id, failure: String(c.failure) } },
      h('td', {}, formatTime(c.at)),
      h('td', {}, c.kind),
      h('td', {}, part(c.removed)),
      h('td', {}, part(c.added)),
      h('td', {}, h('span', { class: `badge ${c.failure ? 'badge-down' : 'badge-up'}` }, c.failure ? 'yes' : 'no')),
      h('td', {}, c.note ?? DASH),
      h('td', { class: 'actions' }, c.failure ? correctionControl(c, onCorrect) : null))),
    testid: 'hardware-changes-table',
  });
}

function correctionControl(change, onCorrect) {
  const note = h('input', { type: 'text', value: 'upgrade', maxlength: 500, 'aria-label': `Note for change ${change.id}`,
    dataset: { testid: 'correction-note' } });
  return h('span', { class: 'correction' }, note, h('button', {
    type: 'button', class: 'button-quiet', dataset: { testid: 'not-a-failure', changeId: change.id },
    onclick: (e) => {
      e.currentTarget.disabled = true;
      onCorrect(change, note.value.trim() || null);
    },
  }, 'Not a failure (upgrade)'));
}

async function correct(path, change, note, feedback, reload) {
  replace(feedback, notice('info', 'Saving the correction…'));
  try {
    await call(`${path}/hardware-changes/${encodeURIComponent(change.id)}`, { method: 'POST', body: { failure: false, note } });
    replace(feedback, notice('info', `The ${change.kind} of ${formatTime(change.at)} no longer counts as a failure.`));
    await reload();
  } catch (error) {
    replace(feedback, actionFailed('Could not correct the change', error));
  }
}

function retireForm(path, feedback, reload) {
  const reason = h('select', { id: 'retire-reason', dataset: { testid: 'retire-reason' } },
    Object.entries(REASONS).map(([value, label]) => h('option', { value }, label)));
  const at = h('input', { id: 'retire-at', type: 'datetime-local', step: 60, dataset: { testid: 'retire-at' } });
  const note = h('input', { id: 'retire-note', type: 'text', maxlength: 500, placeholder: 'e.g. mainboard dead, RMA 4711',
    dataset: { testid: 'retire-note' } });
  const form = h('form', { class: 'retire-form', 'aria-label': 'Retire this device' },
    h('label', { for: 'retire-reason' }, 'Reason'), reason,
    h('label', { for: 'retire-at' }, 'When (your time; empty for now)'), at,
    h('label', { for: 'retire-note' }, 'Note'), note,
    h('button', { type: 'submit', dataset: { testid: 'retire-submit' } }, 'Retire device'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { reason: reason.value, note: note.value.trim() || null };
    if (at.value) {
      body.at = new Date(at.value).toISOString(); // datetime-local is the viewer's local time
    }
    replace(feedback, notice('info', 'Retiring…'));
    try {
      await call(`${path}/retire`, { method: 'POST', body });
      await reload();
    } catch (error) {
      replace(feedback, actionFailed('Could not retire the device', error));
    }
  });
  return h('details', { class: 'lifecycle-actions', dataset: { testid: 'retire' } },
    h('summary', { dataset: { testid: 'retire-open' } }, 'Retire…'), form);
}

function reinstateButton(path, feedback, reload) {
  return h('button', {
    type: 'button', class: 'button-quiet', dataset: { testid: 'reinstate' },
    onclick: async (e) => {
      e.currentTarget.disabled = true;
      replace(feedback, notice('info', 'Reinstating…'));
      try {
        await call(`${path}/reinstate`, { method: 'POST' });
        await reload();
      } catch (error) {
        e.target.disabled = false;
        replace(feedback, actionFailed('Could not reinstate the device', error));
      }
    },
  }, 'Reinstate (admin)');
}

function actionFailed(what, error) {
  const role = error && error.status === 403 ? ' Your API token does not have the role this needs.' : '';
  return notice('error', h('strong', {}, `${what}: `), error ? error.message : 'unknown error', role);
}
