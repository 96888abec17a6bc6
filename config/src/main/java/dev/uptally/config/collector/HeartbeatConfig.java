package dev.uptally.config.collector;

/** Heartbeat cadence and acceptance window. Defaults: 30 s, 3 intervals of grace, 35 days. */
public record HeartbeatConfig(int intervalSeconds, int graceIntervals, int maxSampleAgeDays) {

  public static final HeartbeatConfig DEFAULT = new HeartbeatConfig(30, 3, 35);

  public long graceMillis() {
    return (long) intervalSeconds * graceIntervals * 1000L;
  }

  public long maxSampleAgeMillis() {
    return maxSampleAgeDays * 86_400_000L;
  }
}
