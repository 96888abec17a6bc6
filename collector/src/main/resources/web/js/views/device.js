// Device page: identity, a 7- or 30-day timeline with the daily up share, SLA figures, health, inventory,
// hardware changes and the lifecycle actions (retire, reinstate).
import { call, isoDaysBefore } from '../api.js';
import { badge, failure, h, notice, replace } from '../dom.js';
import { formatAgo, formatTime, previousMonth } from '../format.js';
import { dailyUpRatio } from '../timeline-model.js';
import { renderTimeline } from '../timeline.js';
import { facts, healthPanel, inventoryPanel, slaPanel } from './device-panels.js';
import { lifecyclePanel, retiredNotice } from './device-lifecycle.js';

const RANGES = [7, 30];

export async function render(main, context) {
  const [deviceId] = context.match;
  const days = RANGES.includes(Number(context.params.get('days'))) ? Number(context.params.get('days')) : 7;
  const nowMillis = context.now();
  const fromMillis = nowMillis - days * 86_400_000;
  const range = { from: isoDaysBefore(nowMillis, days), to: new Date(nowMillis).toISOString() };
  const path = `/api/v1/devices/${encodeURIComponent(deviceId)}`;
  replace(main, h('h1', {}, 'Device'), notice('info', 'Loading device…'));
  let device;
  try {
    device = (await call(path)).data;
  } catch (error) {
    if (context.isCurrent()) {
      replace(main, h('h1', {}, 'Device'), error.status === 404
        ? notice('error', `No device with id ${deviceId} on this collector.`) : failure(error));
    }
    return undefined;
  }
  const [timeline, sla] = await Promise.allSettled([
    call(`${path}/timeline`, { params: range }), call(`${path}/sla`, { params: range })]);
  if (!context.isCurrent()) {
    return undefined;
  }
  const timelineSection = h('section', { class: 'panel', 'aria-labelledby': 'timeline-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'timeline-title' }, `Timeline, last ${days} days`),
      rangeButtons(deviceId, days)));
  let chart = null;
  if (timeline.status === 'fulfilled') {
    const entries = timeline.value.data ?? [];
    timelineSection.append(renderTimeline(entries, fromMillis, nowMillis, nowMillis));
    chart = await chartOf(entries, fromMillis, nowMillis, timelineSection);
  } else {
    timelineSection.append(failure(timeline.reason));
  }
  if (!context.isCurrent()) {
    return undefined;
  }
  replace(main,
    header(device, nowMillis),
    timelineSection,
    h('div', { class: 'columns' },
      sla.status === 'fulfilled' ? slaPanel(sla.value.data) : h('section', { class: 'panel' }, h('h2', {}, 'Service level'), failure(sla.reason)),
      healthPanel(device.health, device.lastHeartbeat, nowMillis)),
    inventoryPanel(device.inventory),
    lifecyclePanel(device, () => context.reroute()));
  if (!chart) {
    return undefined;
  }
  chart.resize(timelineSection.clientWidth - 32);
  const onResize = () => chart.resize(timelineSection.clientWidth - 32);
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    chart.destroy();
  };
}

function header(device, nowMillis) {
  const month = previousMonth(nowMillis);
  return h('header', { class: 'device-head', dataset: { testid: 'device-header', deviceId: device.deviceId } },
    h('p', { class: 'crumbs' }, h('a', { href: '#/fleet' }, 'Fleet'), ' › ',
      h('a', { href: `#/fleet?client=${encodeURIComponent(device.clientId)}` }, device.clientId)),
    h('h1', {}, device.hostname || device.deviceId, ' ', badge(device.state)),
    retiredNotice(device),
    facts([
      ['Device id', h('span', { class: 'mono' }, device.deviceId)],
      ['Client', device.clientId],
      ['Class', device.deviceClass],
      ['Last heartbeat', device.lastHeartbeat ? `${formatTime(device.lastHeartbeat)} (${formatAgo(device.lastHeartbeat, nowMillis)})` : 'never'],
      ['Samples dropped by the agent', device.droppedSamples == null ? null : String(device.droppedSamples)],
      ['Monthly report', h('a', { href: `#/reports?client=${encodeURIComponent(device.clientId)}&month=${month}` },
        `${device.clientId}, ${month}`)],
    ], 'device-facts'));
}

function rangeButtons(deviceId, days) {
  return h('div', { class: 'segmented', role: 'group', 'aria-label': 'Time range' },
    RANGES.map((n) => h('a', {
      href: `#/device/${encodeURIComponent(deviceId)}?days=${n}`, class: 'button-like',
      'aria-current': n === days ? 'true' : null, dataset: { testid: `range-${n}` },
    }, `${n} days`)));
}

async function chartOf(entries, fromMillis, toMillis, container) {
  const { days, ratios } = dailyUpRatio(entries, fromMillis, toMillis);
  try {
    const { dailyUpChart } = await import('../chart.js');
    const chart = dailyUpChart(days, ratios, 600);
    container.append(h('figure', { class: 'daily' }, chart.element,
      h('figcaption', {}, 'Share of each UTC day the device was up, of the time its state is known.')));
    return chart;
  } catch (error) {
    container.append(notice('info', `The daily chart could not be drawn (${error.message}); the timeline above has the same data.`));
    return null;
  }
}
