// What the client portal says, in plain words for an office manager, with times in the client's own time zone.
// Pure functions (tested with node --test).

const DASH = '—';

/** A ratio in [0, 1] as a percentage with two decimals, rounded down so that any downtime never reads 100.00 %. */
export function percent(ratio) {
  if (ratio == null || !Number.isFinite(ratio)) {
    return DASH;
  }
  return `${(Math.floor(ratio * 10000 + 1e-9) / 100).toFixed(2)} %`;
}

/** A target in percent as written in the contract: 99.9 → "99.9 %". */
export function target(percentValue) {
  return percentValue == null ? DASH : `${percentValue} %`;
}

/** Seconds in words, the two largest units: "1 hour 28 minutes", "45 minutes", "2 days 3 hours", "less than a minute". */
export function plainDuration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) {
    return DASH;
  }
  const total = Math.round(Math.abs(seconds));
  if (total < 60) {
    return 'less than a minute';
  }
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  const parts = [];
  let rest = total;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) {
      parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    }
    if (parts.length === 2 || (parts.length === 1 && count === 0)) {
      break;
    }
  }
  return parts.join(' ');
}

const CLASS_NAMES = { server: 'Servers', workstation: 'Desktop computers', laptop: 'Laptops' };
const CLASS_NAME = { server: 'Server', workstation: 'Desktop computer', laptop: 'Laptop' };

/** A device class as a heading ("Servers") or for one machine ("Laptop"). */
export function className(deviceClass, plural = true) {
  const names = plural ? CLASS_NAMES : CLASS_NAME;
  return names[deviceClass] ?? deviceClass;
}

/** The error budget of a class in one sentence. */
export function budgetSentence(c) {
  if (c.budgetSeconds == null) {
    return 'The agreement sets no target for these machines.';
  }
  if (c.budgetLeftSeconds >= 0) {
    return `Downtime allowed so far: ${plainDuration(c.budgetSeconds)}. Used: ${plainDuration(c.downSeconds)}. `
      + `Left: ${plainDuration(c.budgetLeftSeconds)}.`;
  }
  return `Downtime allowed so far: ${plainDuration(c.budgetSeconds)}. Used: ${plainDuration(c.downSeconds)}, `
    + `${plainDuration(-c.budgetLeftSeconds)} more than allowed.`;
}

/** Whether a class met its target: {text, tone} for the badge. */
export function verdict(c) {
  if (c.meetsTarget == null) {
    return { text: 'No target', tone: 'none' };
  }
  return c.meetsTarget ? { text: 'On target', tone: 'ok' } : { text: 'Below target', tone: 'bad' };
}

/**
 * A machine's state now in words, and whether it needs looking at: {text, tone, order}. Times are in the client's zone.
 */
export function machineState(m, zone) {
  const since = m.since ? ` since ${dateTime(m.since, zone)}` : '';
  switch (m.state) {
    case 'up':
      return { text: 'Running', tone: 'ok', order: 3 };
    case 'asleep':
      return { text: `Asleep${since}`, tone: 'off', order: 2 };
    case 'maintenance':
      return { text: `Planned maintenance${since}`, tone: 'off', order: 2 };
    case 'down':
      if (m.cause === 'shutdown') {
        return { text: `Off (shut down)${since}`, tone: 'off', order: 2 };
      }
      if (m.cause === 'crash') {
        return { text: `Stopped unexpectedly${since}`, tone: 'bad', order: 0 };
      }
      return { text: `Not heard from${since}`, tone: 'bad', order: 0 };
    default:
      return { text: 'Not heard from yet', tone: 'off', order: 1 };
  }
}

const CAUSES = { asleep: 'was asleep', shutdown: 'was switched off', silent: 'could not be reached', crash: 'had stopped' };

/** Why a machine missed a patch night, as the end of a sentence: "was asleep". */
export function missedBecause(cause) {
  return CAUSES[cause] ?? 'was not on';
}

function parts(date, zone, options) {
  const out = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...options }).formatToParts(date)) {
    out[p.type] = p.value;
  }
  return out;
}

/** An instant as "Tue 25 Nov 2026, 14:05" in the zone. */
export function dateTime(iso, zone) {
  if (!iso) {
    return DASH;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return String(iso);
  }
  const p = parts(date, zone, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** A local date ("2026-10-06") as "Tuesday 6 October". */
export function night(localDate) {
  const date = new Date(`${localDate}T12:00:00Z`);
  const p = parts(date, 'UTC', { weekday: 'long', day: 'numeric', month: 'long' });
  return `${p.weekday} ${p.day} ${p.month}`;
}

/** "2026-10" as "October 2026". */
export function monthName(month) {
  const p = parts(new Date(`${month}-15T12:00:00Z`), 'UTC', { month: 'long', year: 'numeric' });
  return `${p.month} ${p.year}`;
}

/** A zone id as people say it: "America/New_York" → "New York time". */
export function zoneName(zone) {
  if (!zone || zone === 'UTC' || zone === 'Etc/UTC') {
    return 'UTC';
  }
  return `${zone.split('/').pop().replaceAll('_', ' ')} time`;
}
