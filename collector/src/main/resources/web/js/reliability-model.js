// Ordering of the reliability table. Pure, tested with node --test.

/**
 * Worst first: groups with failures by ascending MTBF, then groups without failures (MTBF undefined) by
 * ascending lower bound, the least evidence of reliability first. Ties by group name. Returns a copy.
 */
export function worstFirst(rows) {
  const key = (row) => (row.mtbfSeconds == null ? Infinity : row.mtbfSeconds);
  return [...rows].sort((a, b) => key(a) - key(b)
    || (a.mtbfLowerSeconds ?? 0) - (b.mtbfLowerSeconds ?? 0)
    || String(a.group).localeCompare(String(b.group)));
}
