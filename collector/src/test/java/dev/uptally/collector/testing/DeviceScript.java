package dev.uptally.collector.testing;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.ShutdownReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one simulated device did, written as a script and turned into the samples its agent would have sent.
 *
 * <p>A script is started with {@link #device(String, String)} and its builder, then written step by step; each
 * step appends samples with consecutive {@code seq} numbers. Every time a method takes or returns is collector
 * (real) epoch millis; {@linkplain Builder#clockSkewMillis(long) the device clock's skew} is added to every time the
 * agent stamps (sample time, boot time, sleep bounds), as a device with a wrong clock would. Every delay that
 * differs between test suites (how long after a sample a shutdown is reported, when the agent starts after a boot,
 * when it reports a resume) is a parameter of the step, so a script says exactly what was sent.
 *
 * <p>Heartbeats carry the script's health unless a step says otherwise; only the first startup sample carries an
 * inventory, and only when {@linkplain Builder#inventory(Inventory) one is given}. Not thread-safe: write a script
 * on one thread, then read it.
 */
public final class DeviceScript {

  /** The agent reports a sleep as starting this long after the last sample it sent before sleeping. */
  public static final long SLEEP_AFTER_MILLIS = 10_000;

  private final String deviceId;
  private final String hostname;
  private final String deviceClass;
  private final long intervalMillis;
  private final Health health;
  private final long skewMillis;
  private final List<Sample> samples = new ArrayList<>();
  private long seq;
  private long bootMillis;
  private long timeMillis;

  private DeviceScript(Builder b) {
    this.deviceId = b.deviceId;
    this.hostname = b.hostname;
    this.deviceClass = b.deviceClass;
    this.intervalMillis = b.intervalMillis;
    this.health = b.health;
    this.skewMillis = b.skewMillis;
  }

  /** Starts writing the script of {@code deviceId}; finish with {@link Builder#start(long, long)}. */
  public static Builder device(String deviceId, String deviceClass) {
    return new Builder(deviceId, deviceClass);
  }

  /** The settings a script keeps from start to end. */
  public static final class Builder {
    private final String deviceId;
    private final String deviceClass;
    private String hostname;
    private long intervalMillis;
    private Health health;
    private long skewMillis;
    private Inventory inventory;

    private Builder(String deviceId, String deviceClass) {
      this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
      this.deviceClass = Objects.requireNonNull(deviceClass, "deviceClass of " + deviceId);
      this.hostname = deviceId;
    }

    /** The hostname the device enrolls with; the device id if not set. */
    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname, "hostname of " + deviceId);
      return this;
    }

    /** The heartbeat interval (required): one heartbeat this often while the device is up. */
    public Builder everyMillis(long intervalMillis) {
      if (intervalMillis <= 0) {
        throw new IllegalArgumentException("interval of " + deviceId + " must be > 0 ms: " + intervalMillis);
      }
      this.intervalMillis = intervalMillis;
      return this;
    }

    /** The health every startup, resume and heartbeat carries unless a step gives another (required). */
    public Builder health(Health health) {
      this.health = Objects.requireNonNull(health, "health of " + deviceId);
      return this;
    }

    /** How far ahead of the collector's clock the device's clock runs (negative: behind); 0 if not set. */
    public Builder clockSkewMillis(long skewMillis) {
      this.skewMillis = skewMillis;
      return this;
    }

    /** The inventory the agent sends with its first startup sample, as at enrollment; none if not set. */
    public Builder inventory(Inventory inventory) {
      this.inventory = Objects.requireNonNull(inventory, "inventory of " + deviceId);
      return this;
    }

    /** The machine booted at {@code bootMillis}; the agent sends its startup sample at {@code firstSampleMillis}. */
    public DeviceScript start(long bootMillis, long firstSampleMillis) {
      if (intervalMillis == 0 || health == null) {
        throw new IllegalStateException("script of " + deviceId + " needs everyMillis(..) and health(..)");
      }
      return new DeviceScript(this).startup(bootMillis, firstSampleMillis, inventory);
    }
  }

  /**
   * Heartbeats every interval up to and including {@code untilMillis}, which must be on the grid of the current
   * sample (the last heartbeat lands exactly on it): a script that misses its grid is a script error.
   */
  public DeviceScript beatUntil(long untilMillis) {
    beatUpTo(untilMillis, health);
    if (timeMillis != untilMillis) {
      throw new IllegalArgumentException("script error: " + untilMillis + " is not on the " + intervalMillis
          + " ms grid of " + deviceId + " (last sample at " + timeMillis + ")");
    }
    return this;
  }

  /** Heartbeats every interval up to {@code untilMillis}, the last one at or before it (on or off the grid). */
  public DeviceScript beatUpTo(long untilMillis) {
    return beatUpTo(untilMillis, health);
  }

  /** As {@link #beatUpTo(long)}, these heartbeats carrying {@code health} instead of the script's. */
  public DeviceScript beatUpTo(long untilMillis, Health health) {
    while (timeMillis + intervalMillis <= untilMillis) {
      timeMillis += intervalMillis;
      samples.add(Sample.heartbeat(seq++, device(timeMillis), device(bootMillis), health));
    }
    return this;
  }

  /**
   * The machine boots at {@code bootMillis} and the agent sends its startup sample at {@code firstSampleMillis}. If
   * no shutdown sample came before, the collector sees a crash: prefer {@link #crashAndBoot} then, for the reader.
   */
  public DeviceScript boot(long bootMillis, long firstSampleMillis) {
    return startup(bootMillis, firstSampleMillis, null);
  }

  private DeviceScript startup(long bootMillis, long firstSampleMillis, Inventory inventory) {
    this.bootMillis = bootMillis;
    timeMillis = firstSampleMillis;
    samples.add(Sample.startup(seq++, device(timeMillis), device(bootMillis), health, inventory));
    return this;
  }

  /** As {@link #crashAndBoot}, the startup sample carrying a new {@code inventory} (a part was swapped). */
  public DeviceScript repairedAndBooted(long bootMillis, long firstSampleMillis, Inventory inventory) {
    return startup(bootMillis, firstSampleMillis, inventory);
  }

  /** The machine crashes right after the current sample (nothing more is sent), then {@link #boot boots}. */
  public DeviceScript crashAndBoot(long bootMillis, long firstSampleMillis) {
    return boot(bootMillis, firstSampleMillis);
  }

  /** A shutdown sample for {@code reason}, sent {@code afterMillis} after the current sample, on the same boot. */
  public DeviceScript shutdown(ShutdownReason reason, long afterMillis) {
    timeMillis += afterMillis;
    samples.add(Sample.shutdown(seq++, device(timeMillis), device(bootMillis), reason));
    return this;
  }

  /** The agent starts again at {@code atMillis} on the same boot (a startup sample, the boot time unchanged). */
  public DeviceScript agentRestart(long atMillis) {
    timeMillis = atMillis;
    samples.add(Sample.startup(seq++, device(timeMillis), device(bootMillis), health, null));
    return this;
  }

  /** The OS announces a sleep {@code afterMillis} after the current sample: a suspend sample, on the same boot. */
  public DeviceScript suspend(long afterMillis) {
    timeMillis += afterMillis;
    samples.add(Sample.suspend(seq++, device(timeMillis), device(bootMillis), health));
    return this;
  }

  /**
   * After {@link #suspend}: the machine wakes at {@code untilMillis} and the agent reports a resume sample {@code
   * resumeAfterMillis} later, the sleep starting at the suspend sample.
   */
  public DeviceScript wake(long untilMillis, long resumeAfterMillis) {
    long fromMillis = timeMillis;
    timeMillis = untilMillis + resumeAfterMillis;
    samples.add(Sample.resume(seq++, device(timeMillis), device(bootMillis), device(fromMillis), device(untilMillis),
        health));
    return this;
  }

  /**
   * The machine sleeps from {@link #SLEEP_AFTER_MILLIS} after the current sample until {@code untilMillis}; the
   * agent reports it in a resume sample {@code resumeAfterMillis} after {@code untilMillis}.
   */
  public DeviceScript sleepUntil(long untilMillis, long resumeAfterMillis) {
    long fromMillis = timeMillis + SLEEP_AFTER_MILLIS;
    timeMillis = untilMillis + resumeAfterMillis;
    samples.add(Sample.resume(seq++, device(timeMillis), device(bootMillis), device(fromMillis), device(untilMillis),
        health));
    return this;
  }

  private long device(long collectorMillis) {
    return collectorMillis + skewMillis;
  }

  /** The samples scripted so far whose (device) time is in {@code (fromMillis, toMillis]}. */
  public List<Sample> between(long fromMillis, long toMillis) {
    return samples.stream().filter(s -> s.time() > fromMillis && s.time() <= toMillis).toList();
  }

  /** Every sample scripted so far, in order (a read-only view). */
  public List<Sample> samples() {
    return Collections.unmodifiableList(samples);
  }

  /** The collector time of the last sample scripted. */
  public long nowMillis() {
    return timeMillis;
  }

  public String deviceId() {
    return deviceId;
  }

  public String hostname() {
    return hostname;
  }

  public String deviceClass() {
    return deviceClass;
  }

  /** The heartbeat interval, millis. */
  public long intervalMillis() {
    return intervalMillis;
  }

  /** How far ahead of the collector's clock the device's clock runs, millis. */
  public long skewMillis() {
    return skewMillis;
  }

  @Override
  public String toString() {
    return "DeviceScript[" + deviceId + ", " + samples.size() + " samples]";
  }
}
