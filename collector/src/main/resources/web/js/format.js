// Formatting of the API's numbers for people. Pure functions (tested with node --test).

const DASH = '—';

/** Milliseconds as its two most significant units, spelled out: "3 h 12 min", "2 d 4 h", "45 s". */
export function duration(ms) {
  if (ms == null || !Number.isFinite(ms)) {
    return DASH;
  }
  const total = Math.floor(Math.abs(ms) / 1000);
  if (total < 60) {
    return `${total} s`;
  }
  const units = [['d', 86400], ['h', 3600], ['min', 60]];
  const parts = [];
  let rest = total;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) {
      parts.push(`${count} ${unit}`);
    } else if (parts.length > 0) {
      break;
    }
    if (parts.length === 2) {
      break;
    }
  }
  return parts.join(' ');
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/**
 * An ISO-8601 instant for a <time> element: {text} in the viewer's local time ("2026-11-17 14:05"), {title} in UTC
 * ("2026-11-17 19:05 UTC", shown on hover) and {datetime} (the instant itself). Null or bad input gives a dash.
 */
export function localTime(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) {
    return { text: iso ? String(iso) : DASH, title: '', datetime: '' };
  }
  const text = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return { text, title: `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`, datetime: date.toISOString() };
}

/** Seconds as the two most significant units: "3d 4h", "2h 5m", "12m", "45s". */
export function formatDuration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) {
    return DASH;
  }
  const total = Math.round(Math.abs(seconds));
  if (total < 60) {
    return `${total}s`;
  }
  const units = [['y', 365 * 86400], ['d', 86400], ['h', 3600], ['m', 60]];
  const parts = [];
  let rest = total;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) {
      parts.push(`${count}${unit}`);
    }
    if (parts.length === 2) {
      break;
    }
  }
  return parts.filter((p) => !p.startsWith('0')).join(' ');
}

/** A ratio in [0, 1] as a percentage with fixed decimals: 0.99953 → "99.953 %". */
export function formatPercent(ratio, digits = 3) {
  if (ratio == null || !Number.isFinite(ratio)) {
    return DASH;
  }
  return `${(ratio * 100).toFixed(digits)} %`;
}

/** Bytes in binary units: 1536 → "1.5 KiB". */
export function formatBytes(bytes) {
  if (bytes == null || !Number.isFinite(bytes)) {
    return DASH;
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** An ISO-8601 instant as "2026-11-25 17:05 UTC" (the API and the reports speak UTC). */
export function formatTime(iso) {
  if (!iso) {
    return DASH;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** How long ago an instant was, relative to nowMillis: "just now", "5m ago", "2d 3h ago". */
export function formatAgo(iso, nowMillis) {
  if (!iso) {
    return 'never';
  }
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) {
    return String(iso);
  }
  const seconds = (nowMillis - then) / 1000;
  if (seconds < 0) {
    return `in ${formatDuration(-seconds)}`;
  }
  return seconds < 30 ? 'just now' : `${formatDuration(seconds)} ago`;
}

/** The calendar month before the one holding nowMillis, UTC, as "YYYY-MM". */
export function previousMonth(nowMillis) {
  const now = new Date(nowMillis);
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  return new Date(first).toISOString().slice(0, 7);
}

/** Numbers with thousands separators, locale-independent: 10000 → "10,000". */
export function formatCount(n) {
  if (n == null || !Number.isFinite(n)) {
    return DASH;
  }
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---- Work queues (incidents, violations): readable spans, local times, due times. Kept at the end of the file. ----

/** Seconds as at most two spelled-out units: "2 h 5 min", "3 d 4 h", "45 s", "0 s". */
export function formatSpan(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) {
    return DASH;
  }
  let rest = Math.round(Math.abs(seconds));
  if (rest < 60) {
    return `${rest} s`;
  }
  const units = [['d', 86400], ['h', 3600], ['min', 60]];
  const parts = [];
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) {
      parts.push(`${count} ${unit}`);
    }
    if (parts.length === 2 || (parts.length === 1 && count === 0)) {
      break;
    }
  }
  return parts.join(' ');
}

/** An instant in the viewer's own time zone and locale ("Nov 17, 2026, 10:40 AM"); formatTime gives the UTC form. */
export function formatLocalTime(iso, locale = undefined, timeZone = undefined) {
  if (!iso) {
    return DASH;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

/** "due in 2 h 5 min" or "overdue by 10 min", relative to nowMillis; null when nothing is due. */
export function formatDue(iso, nowMillis) {
  if (!iso) {
    return null;
  }
  const due = new Date(iso).getTime();
  if (Number.isNaN(due)) {
    return String(iso);
  }
  const seconds = (due - nowMillis) / 1000;
  return seconds < 0 ? `overdue by ${formatSpan(-seconds)}` : `due in ${formatSpan(seconds)}`;
}

/** A verdict's text with its seconds spelled out: "up 0 s of 10800 s, needs 1800 s" → "up 0 s of 3 h, needs 30 min". */
export function readableDetail(text) {
  if (text == null) {
    return '';
  }
  return String(text).replace(/\b(\d+) s\b/g, (_, n) => formatSpan(Number(n)));
}
