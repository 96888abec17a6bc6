package dev.uptally.cli.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one simulated device actually did, as contiguous intervals of physical time from its first boot on.
 * Everything not recorded as another kind is {@link TruthKind#UP}. Thread-safe: the simulation writes, tests and
 * the demo read.
 */
public final class Truth {

  private final List<TruthInterval> closed = new ArrayList<>();
  private long openSinceMillis = Long.MIN_VALUE;
  private TruthKind openKind = TruthKind.UP;

  /** Starts the history: up from {@code bootMillis}. */
  synchronized void start(long bootMillis) {
    if (openSinceMillis != Long.MIN_VALUE) {
      throw new IllegalStateException("truth already started at " + Instant.ofEpochMilli(openSinceMillis));
    }
    openSinceMillis = bootMillis;
  }

  /** Records {@code [fromMillis, toMillis)} as {@code kind}, up again from {@code toMillis}. */
  synchronized void record(TruthKind kind, long fromMillis, long toMillis) {
    begin(kind, fromMillis);
    begin(TruthKind.UP, toMillis);
  }

  /** Records an open-ended {@code kind} from {@code fromMillis} on (a device that died). */
  synchronized void recordOpen(TruthKind kind, long fromMillis) {
    begin(kind, fromMillis);
  }

  private void begin(TruthKind kind, long atMillis) {
    if (openSinceMillis == Long.MIN_VALUE) {
      throw new IllegalStateException("truth not started");
    }
    if (atMillis < openSinceMillis) {
      throw new IllegalStateException(kind + " at " + Instant.ofEpochMilli(atMillis) + " is before the open "
          + openKind + " interval's start " + Instant.ofEpochMilli(openSinceMillis));
    }
    if (kind == openKind) {
      return;
    }
    if (atMillis > openSinceMillis) {
      closed.add(new TruthInterval(Instant.ofEpochMilli(openSinceMillis), Instant.ofEpochMilli(atMillis), openKind));
    }
    openSinceMillis = atMillis;
    openKind = kind;
  }

  /** The history up to {@code now}, the open interval ending at {@code now}; empty before the start. */
  public synchronized List<TruthInterval> until(Instant now) {
    List<TruthInterval> out = new ArrayList<>(closed.size() + 1);
    if (openSinceMillis == Long.MIN_VALUE) {
      return out;
    }
    long nowMillis = now.toEpochMilli();
    for (TruthInterval i : closed) {
      if (i.start().toEpochMilli() < nowMillis) {
        out.add(i.end().toEpochMilli() <= nowMillis ? i : new TruthInterval(i.start(), now, i.kind()));
      }
    }
    if (openSinceMillis < nowMillis) {
      out.add(new TruthInterval(Instant.ofEpochMilli(openSinceMillis), now, openKind));
    }
    return out;
  }
}
