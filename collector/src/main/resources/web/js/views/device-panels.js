// Panels of the device page that only format data: SLA figures, outages, health, inventory.
import { badge, h, table, timeElement } from '../dom.js';
import { duration, formatBytes, formatDuration, formatPercent, formatTime } from '../format.js';

const DASH = '—';

/** A definition list from [label, value] pairs; null values show a dash. */
export function facts(pairs, testid) {
  return h('dl', { class: 'facts', dataset: testid ? { testid } : undefined },
    pairs.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value ?? DASH)]));
}

export function slaPanel(sla) {
  const target = sla.targetPercent / 100;
  const met = sla.availability == null ? null : sla.availability >= target;
  const verdict = met == null ? h('span', { class: 'badge badge-unknown' }, 'not measured')
    : h('span', { class: `badge ${met ? 'badge-up' : 'badge-down'}` }, met ? 'target met' : 'below target');
  const confidence = `${Math.round((sla.confidence ?? 0.9) * 100)} %`;
  const mtbf = sla.mtbfSeconds == null
    ? `undefined (no failures); ≥ ${formatDuration(sla.mtbfLowerSeconds)} at ${confidence} confidence`
    : `${formatDuration(sla.mtbfSeconds)} (≥ ${formatDuration(sla.mtbfLowerSeconds)} at ${confidence} confidence)`;
  return h('section', { class: 'panel', 'aria-labelledby': 'sla-title', dataset: { testid: 'sla' } },
    h('h2', { id: 'sla-title' }, 'Service level'),
    h('p', { class: 'headline' },
      h('span', { class: 'big', dataset: { testid: 'availability' } }, formatPercent(sla.availability)),
      ` availability against a target of ${sla.targetPercent} % `, verdict),
    facts([
      ['Window', `${formatTime(sla.from)} → ${formatTime(sla.to)}`],
      ['Measured time', formatDuration(sla.measuredSeconds)],
      ['Counted downtime', formatDuration(sla.downSeconds)],
      ['Failures', String(sla.failures)],
      ['Up time', formatDuration(sla.uptimeSeconds)],
      ['MTTF', sla.mttfSeconds == null ? 'undefined (no failures)' : formatDuration(sla.mttfSeconds)],
      ['MTTR', sla.mttrSeconds == null ? 'undefined (no failures)' : formatDuration(sla.mttrSeconds)],
      ['MTBF', mtbf],
    ], 'sla-facts'),
    outagesTable(sla.outages ?? []));
}

function outagesTable(outages) {
  if (outages.length === 0) {
    return h('p', {}, 'No outages in this window.');
  }
  const yesNo = (b) => (b ? 'yes' : 'no');
  return table({
    caption: `Outages (${outages.length})`,
    headers: ['Start', 'End', 'Duration', 'Cause', 'Planned', 'Counted', 'Failure'],
    rows: outages.map((o) => h('tr', { dataset: { testid: 'outage-row' } },
      h('td', {}, formatTime(o.start)), h('td', {}, o.end ? formatTime(o.end) : 'ongoing'),
      h('td', { class: 'num' }, formatDuration(o.durationSeconds)),
      h('td', {}, badge(o.cause ?? 'down', o.planned ? 'badge-planned' : '')),
      h('td', {}, yesNo(o.planned)), h('td', {}, yesNo(o.counted)), h('td', {}, yesNo(o.failure)))),
    testid: 'outages',
  });
}

function ratio(used, total) {
  return total > 0 && used != null ? used / total : null;
}

/** Heard from within this long (two default heartbeat intervals), health is "current". */
const CURRENT_HEALTH_MILLIS = 10 * 60_000;

/** "Current health", or "Health as of <time> (<n> ago)" when the device has not been heard from for a while. */
function healthTitle(lastHeartbeat, nowMillis) {
  const then = lastHeartbeat ? new Date(lastHeartbeat).getTime() : NaN;
  if (Number.isNaN(then) || nowMillis == null || nowMillis - then <= CURRENT_HEALTH_MILLIS) {
    return h('h2', { id: 'health-title', dataset: { testid: 'health-title' } }, 'Current health');
  }
  return h('h2', { id: 'health-title', dataset: { testid: 'health-title' } }, 'Health as of ',
    timeElement(lastHeartbeat), ` (${duration(nowMillis - then)} ago)`);
}

/** @param lastHeartbeat the device's last heartbeat (ISO), to tell current health from the last known */
export function healthPanel(health, lastHeartbeat, nowMillis) {
  if (!health) {
    return h('section', { class: 'panel', 'aria-labelledby': 'health-title' },
      h('h2', { id: 'health-title' }, 'Current health'), h('p', {}, 'No health reported yet.'));
  }
  const cpu = health.cpu ?? {};
  const memory = health.memory ?? {};
  const battery = health.battery;
  const memoryUsed = memory.totalBytes != null && memory.availableBytes != null ? memory.totalBytes - memory.availableBytes : null;
  const pairs = [
    ['CPU usage', formatPercent(cpu.usage, 0)],
    ['Load (1 min)', cpu.load1 == null ? null : cpu.load1.toFixed(2)],
    ['CPU temperature', cpu.temperatureC == null ? null : `${cpu.temperatureC.toFixed(0)} °C`],
    ['Memory used', memoryUsed == null ? null
      : `${formatBytes(memoryUsed)} of ${formatBytes(memory.totalBytes)} (${formatPercent(ratio(memoryUsed, memory.totalBytes), 0)})`],
    ['Swap used', memory.swapTotalBytes ? `${formatBytes(memory.swapUsedBytes)} of ${formatBytes(memory.swapTotalBytes)}` : null],
    ['Battery', battery ? `${battery.percent == null ? DASH : `${battery.percent.toFixed(0)} %`}${battery.charging ? ', charging' : ''}` : 'none'],
    ['Battery health', battery && battery.healthRatio != null
      ? `${formatPercent(battery.healthRatio, 0)} of design capacity${battery.cycles != null ? `, ${battery.cycles} cycles` : ''}` : null],
    ['On battery', health.onBattery == null ? null : (health.onBattery ? 'yes' : 'no')],
    ['Fans', (health.fansRpm ?? []).length ? health.fansRpm.map((r) => `${r} rpm`).join(', ') : null],
  ];
  const disks = (health.disks ?? []).map((d) => {
    const used = ratio(d.totalBytes != null && d.freeBytes != null ? d.totalBytes - d.freeBytes : null, d.totalBytes);
    return h('tr', {}, h('td', { class: 'mono' }, d.mount ?? DASH), h('td', { class: 'num' }, formatBytes(d.totalBytes)),
      h('td', { class: 'num' }, formatBytes(d.freeBytes)),
      h('td', { class: `num${used > 0.9 ? ' warn' : ''}` }, formatPercent(used, 0)));
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'health-title', dataset: { testid: 'health' } },
    healthTitle(lastHeartbeat, nowMillis), facts(pairs),
    disks.length ? table({ caption: 'Disks', headers: ['Mount', 'Size', 'Free', 'Used'], rows: disks }) : null);
}

export function inventoryPanel(inventory) {
  if (!inventory) {
    return h('section', { class: 'panel', 'aria-labelledby': 'inventory-title' },
      h('h2', { id: 'inventory-title' }, 'Inventory'), h('p', {}, 'No inventory reported yet.'));
  }
  const os = inventory.os ?? {};
  const hw = inventory.hardware ?? {};
  const cpu = inventory.cpu ?? {};
  const join = (...parts) => parts.filter((p) => p != null && p !== '').join(' ') || null;
  const drives = (inventory.drives ?? []).map((d) => [d.model ?? DASH, d.serial ?? DASH, formatBytes(d.sizeBytes)]);
  const nics = (inventory.network ?? []).map((n) => [n.name ?? DASH, n.mac ?? DASH, (n.ipv4 ?? []).join(', ') || DASH]);
  return h('section', { class: 'panel', 'aria-labelledby': 'inventory-title', dataset: { testid: 'inventory' } },
    h('h2', { id: 'inventory-title' }, 'Inventory'),
    facts([
      ['Operating system', join(os.family, os.version, os.build ? `(build ${os.build})` : null)],
      ['Hardware', join(hw.manufacturer, hw.model)],
      ['Serial', hw.serial], ['UUID', hw.uuid],
      ['CPU', join(cpu.name, cpu.physicalCores != null ? `— ${cpu.physicalCores} cores / ${cpu.logicalCores ?? '?'} threads` : null)],
      ['Memory', formatBytes(inventory.memoryBytes)],
    ]),
    drives.length ? table({ caption: 'Drives', headers: ['Model', 'Serial', 'Size'], rows: drives }) : null,
    nics.length ? table({ caption: 'Network', headers: ['Interface', 'MAC', 'IPv4'], rows: nics }) : null);
}
