package dev.uptally.cli.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one simulated device actually did, as contiguous intervals of physical time from its first boot on.
 * Everything not recorded as another kind is {@link TruthKind#UP}. Beside the intervals, its hardware's life: the
 * drives it reported ({@link #drives()}) and its retirement through the API ({@link #retirement()}). Thread-safe: the
 * simulation writes, tests and the demo read.
 */
public final class Truth {

  /**
   * One drive as the device's inventories showed it, in true time.
   *
   * @param listedFrom the sample whose inventory first listed it
   * @param removedAt the sample whose inventory listed its replacement instead; null while it is fitted
   * @param failed whether it was removed because it failed (every swap the simulator makes is one)
   */
  public record DriveLife(String model, String serial, long sizeBytes, Instant listedFrom, Instant removedAt,
      boolean failed) {

    public DriveLife {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(listedFrom, "listedFrom of drive " + serial);
    }
  }

  /**
   * The retirement the simulator made through {@code POST /api/v1/devices/{id}/retire}.
   *
   * @param reason {@code failed} or {@code decommissioned}, as on the wire
   * @param at the retirement's {@code at}: when the machine broke down or was switched off for good
   * @param madeAt when the request was answered (the simulator's clock)
   */
  public record Retirement(String reason, Instant at, Instant madeAt) {}

  private final List<TruthInterval> closed = new ArrayList<>();
  private final List<DriveLife> drives = new ArrayList<>();
  private long openSinceMillis = Long.MIN_VALUE;
  private TruthKind openKind = TruthKind.UP;
  private long startMillis = Long.MIN_VALUE;
  private Retirement retirement;

  /** Starts the history: up from {@code bootMillis}. */
  synchronized void start(long bootMillis) {
    if (openSinceMillis != Long.MIN_VALUE) {
      throw new IllegalStateException("truth already started at " + Instant.ofEpochMilli(openSinceMillis));
    }
    openSinceMillis = bootMillis;
    startMillis = bootMillis;
  }

  /** The first boot, where the history starts; null before. */
  public synchronized Instant start() {
    return startMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(startMillis);
  }

  /** A drive first listed by the inventory of the sample at {@code atMillis}. */
  synchronized void driveListed(String model, String serial, long sizeBytes, long atMillis) {
    drives.add(new DriveLife(model, serial, sizeBytes, Instant.ofEpochMilli(atMillis), null, false));
  }

  /**
   * The inventory of the sample at {@code atMillis} lists drive {@code added} where the failed drive {@code
   * removedSerial} was.
   */
  synchronized void driveSwapped(String removedSerial, long atMillis, String addedModel, String addedSerial,
      long addedSizeBytes) {
    for (int i = 0; i < drives.size(); i++) {
      DriveLife d = drives.get(i);
      if (d.serial().equals(removedSerial) && d.removedAt() == null) {
        drives.set(i, new DriveLife(d.model(), d.serial(), d.sizeBytes(), d.listedFrom(), Instant.ofEpochMilli(atMillis),
            true));
        driveListed(addedModel, addedSerial, addedSizeBytes, atMillis);
        return;
      }
    }
    throw new IllegalStateException("drive " + removedSerial + " is not fitted; drives " + drives);
  }

  /** Every drive the device reported, in the order they were first listed. */
  public synchronized List<DriveLife> drives() {
    return List.copyOf(drives);
  }

  synchronized void retired(Retirement r) {
    if (retirement != null) {
      throw new IllegalStateException("retired twice: " + retirement + ", then " + r);
    }
    retirement = r;
  }

  /** The device's retirement, null while it is in service. */
  public synchronized Retirement retirement() {
    return retirement;
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
