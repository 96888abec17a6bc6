// Geometry and arithmetic of a device timeline (entries {start, end, state, cause, planned} from
// GET /api/v1/devices/{id}/timeline). Pure functions, tested with node --test; timeline.js draws.

const DAY_MILLIS = 86_400_000;

/** The colour class of an entry: up, crash, shutdown, silent, down (no cause), asleep, unknown, maintenance. */
export function segmentKind(entry) {
  if (entry.state === 'down') {
    return ['crash', 'shutdown', 'silent'].includes(entry.cause) ? entry.cause : 'down';
  }
  return ['up', 'asleep', 'unknown', 'maintenance'].includes(entry.state) ? entry.state : 'unknown';
}

/**
 * Places entries on a strip `width` units wide spanning [fromMillis, toMillis): each segment gets x and w
 * in strip units, clipped to the range. Non-up segments are at least `minWidth` wide so a one-minute crash
 * in a month stays visible. Sorted by start; up segments first so outages are drawn over them.
 */
export function layoutTimeline(entries, fromMillis, toMillis, width = 1000, minWidth = 1.5) {
  const span = toMillis - fromMillis;
  if (!(span > 0)) {
    throw new RangeError(`timeline range is empty: ${fromMillis} .. ${toMillis}`);
  }
  const segments = [];
  for (const entry of entries) {
    const startMillis = Math.max(Date.parse(entry.start), fromMillis);
    const endMillis = Math.min(entry.end ? Date.parse(entry.end) : toMillis, toMillis);
    if (!(endMillis > startMillis)) {
      continue;
    }
    const kind = segmentKind(entry);
    const x = ((startMillis - fromMillis) / span) * width;
    let w = ((endMillis - startMillis) / span) * width;
    if (kind !== 'up' && w < minWidth) {
      w = Math.min(minWidth, width - x);
    }
    segments.push({ x, w, kind, planned: Boolean(entry.planned), startMillis, endMillis, entry });
  }
  const upFirst = (s) => (s.kind === 'up' ? 0 : 1);
  return segments.sort((a, b) => upFirst(a) - upFirst(b) || a.startMillis - b.startMillis);
}

/**
 * Per UTC day from the day holding fromMillis to the one holding toMillis − 1: the share of the day's
 * known time (anything but unknown) that was up, null when nothing is known. Times in epoch seconds for uPlot.
 */
export function dailyUpRatio(entries, fromMillis, toMillis) {
  const firstDay = Math.floor(fromMillis / DAY_MILLIS) * DAY_MILLIS;
  const days = [];
  for (let day = firstDay; day < toMillis; day += DAY_MILLIS) {
    days.push(day);
  }
  const up = new Array(days.length).fill(0);
  const known = new Array(days.length).fill(0);
  for (const entry of entries) {
    const kind = segmentKind(entry);
    if (kind === 'unknown') {
      continue;
    }
    const start = Math.max(Date.parse(entry.start), fromMillis);
    const end = Math.min(entry.end ? Date.parse(entry.end) : toMillis, toMillis);
    for (let t = start; t < end;) {
      const index = Math.floor((t - firstDay) / DAY_MILLIS);
      const next = Math.min(end, firstDay + (index + 1) * DAY_MILLIS);
      known[index] += next - t;
      if (kind === 'up') {
        up[index] += next - t;
      }
      t = next;
    }
  }
  return {
    days: days.map((d) => d / 1000),
    ratios: up.map((u, i) => (known[i] > 0 ? u / known[i] : null)),
  };
}

/** Counts and total seconds per kind, for the strip's text alternative; open entries end at nowMillis. */
export function summarize(entries, nowMillis) {
  const byKind = new Map();
  for (const entry of entries) {
    const kind = segmentKind(entry);
    const seconds = ((entry.end ? Date.parse(entry.end) : nowMillis) - Date.parse(entry.start)) / 1000;
    const current = byKind.get(kind) ?? { count: 0, seconds: 0 };
    byKind.set(kind, { count: current.count + 1, seconds: current.seconds + Math.max(0, seconds) });
  }
  return byKind;
}
