package dev.uptally.config.collector;

/**
 * {@code server.rateLimits}: what the collector answers with {@code 429} and a {@code Retry-After}. A value of 0
 * turns that limit off.
 *
 * @param deviceRequestsPerMinute heartbeat requests one device may send per minute, sustained (an agent sends two)
 * @param deviceBurst requests one device may send back to back before the sustained rate applies (a spool replay
 *     sends up to 1000 samples per request, so 100 requests carry a 35-day spool)
 * @param authFailuresPerMinute failed tokens on {@code /v1/enroll}, {@code /api/} and {@code /metrics} per client
 *     address (IPv6: per /64) and minute; beyond it those paths answer 429 for that address, heartbeats never
 * @param enrollmentsPerMinute enrollments one client (tenant) may make per minute, sustained, with a valid token
 * @param enrollmentBurst enrollments one client may make back to back (a first wave of a rollout)
 */
public record RateLimits(int deviceRequestsPerMinute, int deviceBurst, int authFailuresPerMinute,
    int enrollmentsPerMinute, int enrollmentBurst) {

  /** 600 enrollments an hour per client after a burst of 300: a rollout of a few hundred machines is untouched. */
  public static final int DEFAULT_ENROLLMENTS_PER_MINUTE = 10;
  public static final int DEFAULT_ENROLLMENT_BURST = 300;
  public static final RateLimits DEFAULTS = new RateLimits(300, 100, 30);

  public RateLimits {
    if (deviceRequestsPerMinute < 0 || deviceBurst < 0 || authFailuresPerMinute < 0 || enrollmentsPerMinute < 0
        || enrollmentBurst < 0) {
      throw new IllegalArgumentException("rate limits are never negative: " + deviceRequestsPerMinute + ", "
          + deviceBurst + ", " + authFailuresPerMinute + ", " + enrollmentsPerMinute + ", " + enrollmentBurst);
    }
    if (deviceRequestsPerMinute > 0 && deviceBurst == 0) {
      throw new IllegalArgumentException("deviceBurst must be at least 1 while deviceRequestsPerMinute limits devices");
    }
    if (enrollmentsPerMinute > 0 && enrollmentBurst == 0) {
      throw new IllegalArgumentException(
          "enrollmentBurst must be at least 1 while enrollmentsPerMinute limits enrollments");
    }
  }

  /** The device and address limits given, enrollments at their defaults. */
  public RateLimits(int deviceRequestsPerMinute, int deviceBurst, int authFailuresPerMinute) {
    this(deviceRequestsPerMinute, deviceBurst, authFailuresPerMinute, DEFAULT_ENROLLMENTS_PER_MINUTE,
        DEFAULT_ENROLLMENT_BURST);
  }

  /** Whether enrollments are limited per client. */
  public boolean limitsEnrollments() {
    return enrollmentsPerMinute > 0;
  }

  /** Whether heartbeat requests are limited per device. */
  public boolean limitsDevices() {
    return deviceRequestsPerMinute > 0;
  }

  /** Whether failed tokens are limited per client address. */
  public boolean limitsAuthFailures() {
    return authFailuresPerMinute > 0;
  }
}
