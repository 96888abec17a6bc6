// The fleet index, loaded page by page from GET /api/v1/devices and shared by the views for a minute.
// At 10,000 devices that is four requests; the table itself always asks the server for one page.
import { devices } from './api.js';
import { summaryOf } from './fleet-model.js';

const PAGE_SIZE = 2500;
const MAX_AGE_MILLIS = 60_000;
let cached = null; // {devices, loadedAt}
let loading = null;

/** All devices as summaries; onProgress(loaded, total) is called after each page. */
export function loadIndex({ force = false, onProgress = () => {} } = {}) {
  if (!force && cached && Date.now() - cached.loadedAt < MAX_AGE_MILLIS) {
    return Promise.resolve(cached);
  }
  if (!loading) {
    loading = fetchAll(onProgress).then((result) => {
      cached = result;
      return result;
    }).finally(() => {
      loading = null;
    });
  }
  return loading;
}

async function fetchAll(onProgress) {
  const all = [];
  let total = Infinity;
  while (all.length < total) {
    const page = await devices({ limit: PAGE_SIZE, offset: all.length });
    total = page.total;
    all.push(...page.devices.map(summaryOf));
    onProgress(all.length, total);
    if (page.devices.length === 0) {
      break; // the fleet shrank while paging
    }
  }
  return { devices: all, loadedAt: Date.now() };
}

/** The client ids known to the index, or [] before it is loaded. */
export function knownClients() {
  return cached ? [...new Set(cached.devices.map((d) => d.clientId))].sort() : [];
}
