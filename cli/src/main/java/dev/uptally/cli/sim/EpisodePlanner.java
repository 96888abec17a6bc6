package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.SplittableRandom;

/**
 * Decides when a running simulated device's next disruption happens and how long it lasts: crashes and agent gaps
 * as Poisson processes, evening shutdowns and sleeps by the local clock, server reboots in the Sunday maintenance
 * window, an eventual death, and the hardware's end of life ({@link LifecyclePlan}). Candidates are drawn once and kept until they happen or fall inside an outage,
 * so the outcome depends only on the seed, never on how generation is chunked. Not thread-safe.
 */
final class EpisodePlanner {

  enum Kind { CRASH, NIGHTLY_OFF, MAINTENANCE_REBOOT, AGENT_GAP, DEATH, DRIVE_FAILURE, BREAKDOWN, DECOMMISSION }

  record Episode(Kind kind, long atMillis) {}

  static final long MINUTE_MILLIS = 60_000;
  static final long HOUR_MILLIS = 60 * MINUTE_MILLIS;
  static final long DAY_MILLIS = 24 * HOUR_MILLIS;
  private static final long UNSET = Long.MIN_VALUE;

  private final DeviceBehaviour device;
  private final SplittableRandom random;
  private final long deathMillis;
  private final LifecyclePlan lifecycle;
  private long crashAt = UNSET;
  private long agentGapAt = UNSET;
  private long nightlyAt = UNSET;
  private long maintenanceAt = UNSET;

  /** @param deathMillis when the device dies, {@link Long#MAX_VALUE} for never */
  EpisodePlanner(DeviceBehaviour device, SplittableRandom random, long deathMillis) {
    this(device, random, deathMillis, LifecyclePlan.NONE);
  }

  EpisodePlanner(DeviceBehaviour device, SplittableRandom random, long deathMillis, LifecyclePlan lifecycle) {
    this.device = device;
    this.random = random;
    this.deathMillis = deathMillis;
    this.lifecycle = lifecycle;
  }

  LifecyclePlan lifecycle() {
    return lifecycle;
  }

  /** The earliest disruption after {@code cursorMillis}, the time from which the device is running. */
  Episode next(long cursorMillis) {
    if (crashAt == UNSET || crashAt <= cursorMillis) {
      crashAt = poisson(cursorMillis, device.crashesPerDay());
    }
    if (agentGapAt == UNSET || agentGapAt <= cursorMillis) {
      agentGapAt = poisson(cursorMillis, device.agentGapsPerWeek() / 7);
    }
    if (nightlyAt == UNSET || nightlyAt <= cursorMillis) {
      nightlyAt = nextEvening(cursorMillis);
    }
    if (maintenanceAt == UNSET || maintenanceAt <= cursorMillis) {
      maintenanceAt = nextMaintenance(cursorMillis);
    }
    // a death due during an outage happens just after the agent's first report once the machine is back, so the
    // collector learns how the outage ended before the device goes silent for good
    Episode e = new Episode(Kind.DEATH, Math.max(deathMillis, cursorMillis + 1));
    // so do the hardware's: the collector hears how the outage ended before the drive fails or the machine ends
    e = earlier(e, Kind.DRIVE_FAILURE, Math.max(lifecycle.driveFailureAt(), cursorMillis + 1));
    if (lifecycle.end() != null) {
      e = earlier(e, lifecycle.end() == LifecyclePlan.End.BREAKDOWN ? Kind.BREAKDOWN : Kind.DECOMMISSION,
          Math.max(lifecycle.endAt(), cursorMillis + 1));
    }
    e = earlier(e, Kind.CRASH, crashAt);
    e = earlier(e, Kind.AGENT_GAP, agentGapAt);
    e = earlier(e, Kind.NIGHTLY_OFF, nightlyAt);
    return earlier(e, Kind.MAINTENANCE_REBOOT, maintenanceAt);
  }

  /** How long a crashed device stays down: mostly minutes, sometimes hours (nobody around to power it on). */
  long crashDowntimeMillis() {
    if (random.nextDouble() < 0.1) {
      return HOUR_MILLIS + random.nextLong(5 * HOUR_MILLIS);
    }
    return 3 * MINUTE_MILLIS + random.nextLong(37 * MINUTE_MILLIS);
  }

  long agentGapMillis() {
    return HOUR_MILLIS + random.nextLong(5 * HOUR_MILLIS);
  }

  long rebootMillis() {
    return 2 * MINUTE_MILLIS + random.nextLong(6 * MINUTE_MILLIS);
  }

  /** Agent start after boot, or reaction after wake-up. */
  long delayMillis(long minMillis, long maxMillis) {
    return minMillis + random.nextLong(maxMillis - minMillis);
  }

  /** Whether tonight's off-time is a sleep (laptop sleepers) rather than a shutdown. */
  boolean sleeps() {
    return device.sleeper();
  }

  /** The next working morning after an evening at {@code eveningMillis}; Friday often lasts until Monday. */
  long morningAfter(long eveningMillis) {
    LocalDate day = Instant.ofEpochMilli(eveningMillis).atZone(device.zone()).toLocalDate().plusDays(1);
    if (isWeekend(day) && random.nextDouble() < 0.8) {
      day = day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    }
    long minute = 6 * 60 + 45 + random.nextInt(165);
    return localMillis(day, minute);
  }

  private Episode earlier(Episode e, Kind kind, long atMillis) {
    return atMillis < e.atMillis() ? new Episode(kind, atMillis) : e;
  }

  private long poisson(long fromMillis, double perDay) {
    if (perDay <= 0) {
      return Long.MAX_VALUE;
    }
    double days = -Math.log(1 - random.nextDouble()) / perDay;
    return days > 365 * 100 ? Long.MAX_VALUE : fromMillis + 1 + (long) (days * DAY_MILLIS);
  }

  private long nextEvening(long cursorMillis) {
    double p = device.nightlyOffProbability();
    if (p <= 0 || device.deviceClass() == DeviceClass.SERVER) {
      return Long.MAX_VALUE;
    }
    boolean laptop = device.deviceClass() == DeviceClass.LAPTOP;
    LocalDate day = Instant.ofEpochMilli(cursorMillis).atZone(device.zone()).toLocalDate();
    for (int i = 0; i < 60; i++, day = day.plusDays(1)) {
      boolean happens = random.nextDouble() < p;
      long minute = laptop ? 18 * 60 + random.nextInt(300) : 17 * 60 + 30 + random.nextInt(180);
      long at = localMillis(day, minute);
      if (happens && at > cursorMillis) {
        return at;
      }
    }
    return Long.MAX_VALUE;
  }

  private long nextMaintenance(long cursorMillis) {
    double p = device.maintenanceRebootProbability();
    if (p <= 0) {
      return Long.MAX_VALUE;
    }
    LocalDate day = Instant.ofEpochMilli(cursorMillis).atZone(device.zone()).toLocalDate()
        .with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
    for (int i = 0; i < 52; i++, day = day.plusWeeks(1)) {
      boolean happens = random.nextDouble() < p;
      long at = localMillis(day, 2 * 60 + 5 + random.nextInt(90));
      if (happens && at > cursorMillis) {
        return at;
      }
    }
    return Long.MAX_VALUE;
  }

  private long localMillis(LocalDate day, long minuteOfDay) {
    return day.atTime(LocalTime.ofSecondOfDay(minuteOfDay * 60)).atZone(device.zone()).toInstant().toEpochMilli();
  }

  private static boolean isWeekend(LocalDate day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
