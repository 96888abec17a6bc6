package dev.uptally.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.it.MutableClock;
import dev.uptally.config.collector.RateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitersTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double limited(String limit) {
    return registry.get("uptally.rate.limited.requests").tag("limit", limit).counter().count();
  }

  @Test
  void aDeviceGetsItsBurstThenTheSustainedRate() {
    DeviceRateLimiter limiter = new DeviceRateLimiter(new RateLimits(120, 3, 0), clock, registry);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).as("120 a minute: one every 0.5 s, rounded up to 1 s").isEqualTo(1);
    assertThat(limiter.acquire("b")).as("devices have their own allowance").isZero();
    clock.advanceMillis(500);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
    assertThat(limited("device")).isEqualTo(2);
  }

  @Test
  void devicesWhoseAllowanceRefilledAreForgotten() {
    DeviceRateLimiter limiter = new DeviceRateLimiter(new RateLimits(60, 10, 0), clock, registry);
    for (int i = 0; i < 5000; i++) {
      limiter.acquire("device-" + i);
    }
    assertThat(limiter.tracked()).isEqualTo(5000);
    clock.advanceMillis(DeviceRateLimiter.SWEEP_PERIOD_MILLIS - 1);
    limiter.acquire("device-0");
    assertThat(limiter.tracked()).as("no sweep before its period").isEqualTo(5000);
    clock.advanceMillis(60_000);
    limiter.acquire("sweeper");
    assertThat(limiter.tracked()).as("one request sweeps one slice of the table, not all of it")
        .isEqualTo(5000 - DeviceRateLimiter.SWEEP_STEP + 1);
    int requests = 1 + requestsUntilOneTracked(limiter, "sweeper");
    assertThat(requests).as("every bucket refilled a minute later is dropped, a slice per request")
        .isEqualTo((5000 + DeviceRateLimiter.SWEEP_STEP - 1) / DeviceRateLimiter.SWEEP_STEP);
    assertThat(limiter.acquire("device-1")).as("a device that was forgotten starts with a full bucket").isZero();
    for (int i = 0; i < 5000; i++) {
      limiter.acquire("device-" + i);
    }
    clock.set(clock.instant().minusSeconds(3600));
    limiter.acquire("device-1");
    clock.advanceMillis(60_000);
    assertThat(requestsUntilOneTracked(limiter, "device-1")).as("a clock set back an hour postpones neither"
        + " refills nor sweeps").isLessThanOrEqualTo(5000 / DeviceRateLimiter.SWEEP_STEP + 1);
  }

  /** Requests of one device until the sweep has dropped every other bucket (at most 10,000). */
  private static int requestsUntilOneTracked(DeviceRateLimiter limiter, String deviceId) {
    int requests = 0;
    while (limiter.tracked() > 1 && requests < 10_000) {
      limiter.acquire(deviceId);
      requests++;
    }
    assertThat(limiter.tracked()).isEqualTo(1);
    return requests;
  }

  @Test
  void aClockSetBackDoesNotHoldADeviceAtItsLimit() {
    DeviceRateLimiter limiter = new DeviceRateLimiter(new RateLimits(60, 1, 0), clock, registry);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(1);
    clock.set(clock.instant().minusSeconds(3600));
    assertThat(limiter.acquire("a")).as("time stands still at the jump").isEqualTo(1);
    clock.advanceMillis(1_000);
    assertThat(limiter.acquire("a")).as("and runs on from there: one second refills one request").isZero();
  }

  @Test
  void offMeansNoBucketsAtAll() {
    DeviceRateLimiter devices = new DeviceRateLimiter(new RateLimits(0, 0, 0), clock, registry);
    AuthFailureLimiter auth = new AuthFailureLimiter(new RateLimits(0, 0, 0), clock, registry);
    InetAddress a = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 1000; i++) {
      assertThat(devices.acquire("a")).isZero();
      auth.failed(a);
    }
    assertThat(auth.retryAfterSeconds(a)).isZero();
    assertThat(devices.tracked() + auth.tracked()).isZero();
  }

  @Test
  void failuresHoldAnAddressOffUntilOneIsForgiven() throws Exception {
    AuthFailureLimiter limiter = new AuthFailureLimiter(new RateLimits(0, 0, 2), clock, registry);
    InetAddress guesser = InetAddress.getByName("192.0.2.7");
    InetAddress neighbour = InetAddress.getByName("192.0.2.8");
    assertThat(limiter.retryAfterSeconds(guesser)).isZero();
    limiter.failed(guesser);
    assertThat(limiter.retryAfterSeconds(guesser)).isZero();
    limiter.failed(guesser);
    assertThat(limiter.retryAfterSeconds(guesser)).as("two a minute: one forgiven every 30 s").isEqualTo(30);
    assertThat(limiter.retryAfterSeconds(neighbour)).isZero();
    clock.advanceMillis(29_001);
    assertThat(limiter.retryAfterSeconds(guesser)).isEqualTo(1);
    clock.advanceMillis(999);
    assertThat(limiter.retryAfterSeconds(guesser)).isZero();
    assertThat(limited("auth_failures")).isEqualTo(2);
  }

  @Test
  void smallStepsBackDoNotAccumulateIntoTimeRunningFast() {
    SteadyTime time = new SteadyTime(clock);
    long t0 = time.millis();
    clock.advanceMillis(-500); // as a thread that read the clock before another published a newer millisecond
    assertThat(time.millis()).isEqualTo(t0);
    clock.advanceMillis(600);
    assertThat(time.millis()).as("no correction for a small step back").isEqualTo(t0 + 100);
    clock.advanceMillis(-3_600_000);
    assertThat(time.millis()).isEqualTo(t0 + 100);
    clock.advanceMillis(1_000);
    assertThat(time.millis()).as("a real set-back: time runs on from where it stood").isEqualTo(t0 + 1_100);
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() throws Exception {
    AuthFailureLimiter limiter = new AuthFailureLimiter(new RateLimits(0, 0, 1), clock, registry);
    limiter.failed(InetAddress.getByName("2001:db8:1:2::1"));
    assertThat(limiter.retryAfterSeconds(InetAddress.getByName("2001:db8:1:2:ffff::9")))
        .as("another address of the same /64").isEqualTo(60);
    assertThat(limiter.retryAfterSeconds(InetAddress.getByName("2001:db8:1:3::1"))).isZero();
    assertThat(AuthFailureLimiter.key(InetAddress.getByName("2001:db8:1:2::1"))).isEqualTo("20010db800010002::/64");
    assertThat(AuthFailureLimiter.key(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1,
        (byte) 192, 0, 2, 1}))).as("an IPv4-mapped address is its IPv4 address").isEqualTo("192.0.2.1");
  }

  @Test
  void anIpv6SiteCannotSpreadGuessesOverItsSlash64s() throws Exception {
    AuthFailureLimiter limiter = new AuthFailureLimiter(new RateLimits(0, 0, 2), clock, registry);
    int siteAllowance = AuthFailureLimiter.SITE_FACTOR * 2;
    for (int i = 0; i < siteAllowance - 1; i++) {
      limiter.failed(InetAddress.getByName("2001:db8:1:" + i + "::1"));
    }
    InetAddress fresh = InetAddress.getByName("2001:db8:1:ff::1");
    assertThat(limiter.retryAfterSeconds(fresh)).as("each /64 and the site still have failures left").isZero();
    limiter.failed(InetAddress.getByName("2001:db8:1:" + (siteAllowance - 1) + "::1"));
    assertThat(limiter.retryAfterSeconds(fresh))
        .as("a /64 that never failed is held off with its /48: one failure forgiven every 60/8 s").isEqualTo(8);
    assertThat(limiter.retryAfterSeconds(InetAddress.getByName("2001:db8:2::1"))).as("another site").isZero();
    assertThat(limiter.retryAfterSeconds(InetAddress.getByName("192.0.2.1"))).isZero();
    assertThat(AuthFailureLimiter.siteKey(fresh)).isEqualTo("20010db80001::/48");
    assertThat(AuthFailureLimiter.siteKey(InetAddress.getByName("192.0.2.1"))).isNull();
    clock.advanceMillis(7_500);
    assertThat(limiter.retryAfterSeconds(fresh)).isZero();
  }

  @Test
  void theAddressTableIsBoundedAndFailsOpenWhenFull() throws Exception {
    int max = 1000;
    AuthFailureLimiter limiter = new AuthFailureLimiter(new RateLimits(0, 0, 1), clock, registry, max);
    for (int i = 0; i < max; i++) {
      limiter.failed(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
    }
    InetAddress late = InetAddress.getByName("192.0.2.200");
    limiter.failed(late);
    assertThat(limiter.tracked()).isEqualTo(max);
    assertThat(limiter.retryAfterSeconds(late)).as("untracked: not limited").isZero();
    clock.advanceMillis(59_500);
    limiter.failed(late);
    assertThat(limiter.retryAfterSeconds(late)).as("nothing refilled yet: still untracked").isZero();
    clock.advanceMillis(600);
    limiter.failed(late);
    assertThat(limiter.retryAfterSeconds(late)).as("swept less than a second ago: no new sweep yet").isZero();
    clock.advanceMillis(500);
    limiter.failed(late);
    assertThat(limiter.tracked()).as("refilled buckets were swept to make room").isEqualTo(1);
    assertThat(limiter.retryAfterSeconds(late)).isEqualTo(60);
  }
}
