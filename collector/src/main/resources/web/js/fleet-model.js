// The fleet index: a light copy of every device (for counts by client and state, the client list and
// the search box, which the API does not offer). Pure functions, tested with node --test.

export const LIVE_STATES = ['up', 'down', 'asleep', 'unknown', 'maintenance'];

/** The fields the fleet table shows, taken from an API DeviceView. */
export function summaryOf(view) {
  const health = view.health ?? {};
  const memory = health.memory ?? {};
  const disks = health.disks ?? [];
  const diskRatios = disks
    .filter((d) => d.totalBytes > 0 && d.freeBytes != null)
    .map((d) => (d.totalBytes - d.freeBytes) / d.totalBytes);
  return {
    deviceId: view.deviceId,
    clientId: view.clientId,
    hostname: view.hostname ?? '',
    deviceClass: view.deviceClass,
    state: view.state,
    lastHeartbeat: view.lastHeartbeat,
    cpuUsage: health.cpu?.usage ?? null,
    memoryUsed: memory.totalBytes > 0 && memory.availableBytes != null
      ? (memory.totalBytes - memory.availableBytes) / memory.totalBytes : null,
    fullestDisk: diskRatios.length > 0 ? Math.max(...diskRatios) : null,
  };
}

/** Devices per client and live state, with totals. Clients sorted by id. */
export function tally(devices) {
  const byClient = new Map();
  const totals = Object.fromEntries(LIVE_STATES.map((s) => [s, 0]));
  for (const device of devices) {
    let row = byClient.get(device.clientId);
    if (!row) {
      row = Object.fromEntries(LIVE_STATES.map((s) => [s, 0]));
      row.total = 0;
      byClient.set(device.clientId, row);
    }
    if (device.state in row) {
      row[device.state] += 1;
      totals[device.state] += 1;
    }
    row.total += 1;
  }
  totals.total = devices.length;
  const clients = [...byClient.keys()].sort();
  return { clients, byClient, totals };
}

/** Whether a device passes the filters; q matches hostname or device id, case-insensitive, as a substring. */
export function matches(device, { client, state, q }) {
  if (client && device.clientId !== client) {
    return false;
  }
  if (state && device.state !== state) {
    return false;
  }
  if (q) {
    const needle = q.trim().toLowerCase();
    return device.hostname.toLowerCase().includes(needle) || device.deviceId.toLowerCase().includes(needle);
  }
  return true;
}

/** The page (0-based) of a list: items, and the 1-based first/last positions shown. */
export function page(items, pageIndex, pageSize) {
  const start = pageIndex * pageSize;
  return { items: items.slice(start, start + pageSize), first: items.length === 0 ? 0 : start + 1,
    last: Math.min(items.length, start + pageSize), total: items.length };
}
