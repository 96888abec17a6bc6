package dev.uptally.collector.limits;

import dev.uptally.config.collector.RateLimits;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed tokens per client address: each wrong enrollment, API or metrics token takes one from the address's bucket
 * of {@code authFailuresPerMinute}; while it is empty, those endpoints answer 429 to that address whatever token it
 * presents, so guessing runs at that rate at most. IPv6 clients are counted per /64 (one host commonly holds a whole
 * /64) and, so that a guesser holding a whole site prefix cannot spread out over its 65,536 /64s, also per /48, which
 * allows {@value #SITE_FACTOR} times as many. Heartbeats are never blocked by it: device tokens are 256 random bits,
 * and blocking a shared office address would turn one bad actor into false downtime for every device behind it.
 *
 * <p>At most {@value #MAX_ADDRESSES} addresses are tracked; buckets that refilled are dropped (one sweep a second at
 * most), and beyond that new addresses go untracked: the limit fails open rather than let memory grow without bound.
 * Thread-safe.
 */
public final class AuthFailureLimiter {

  static final int MAX_ADDRESSES = 100_000;
  /** An IPv6 /48 (a site) may fail this many times as often as one of its /64s. */
  static final int SITE_FACTOR = 4;
  private static final String SITE_SUFFIX = "::/48";
  private static final System.Logger LOG = System.getLogger(AuthFailureLimiter.class.getName());

  private final RateLimits limits;
  private final boolean metricsToken;
  private final AtomicLong nextWarningMillis = new AtomicLong(Long.MIN_VALUE);
  private final int maxAddresses;
  private final SteadyTime time;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Counter limited;
  private volatile boolean warnedFull;
  private volatile long lastSweepMillis = Long.MIN_VALUE;

  public AuthFailureLimiter(RateLimits limits, Clock clock, MeterRegistry registry) {
    this(limits, clock, registry, MAX_ADDRESSES, false);
  }

  /** @param metricsToken whether {@code /metrics} checks a token (then its failures count too) */
  public AuthFailureLimiter(RateLimits limits, Clock clock, MeterRegistry registry, boolean metricsToken) {
    this(limits, clock, registry, MAX_ADDRESSES, metricsToken);
  }

  AuthFailureLimiter(RateLimits limits, Clock clock, MeterRegistry registry, int maxAddresses) {
    this(limits, clock, registry, maxAddresses, false);
  }

  private AuthFailureLimiter(RateLimits limits, Clock clock, MeterRegistry registry, int maxAddresses,
      boolean metricsToken) {
    this.metricsToken = metricsToken;
    this.limits = limits;
    this.maxAddresses = maxAddresses;
    this.time = new SteadyTime(clock);
    this.limited = TokenBuckets.limitedCounter(registry, "auth_failures");
  }

  /** @return 0 when the address may present a token now, else the seconds until it may (the request is counted) */
  public long retryAfterSeconds(InetAddress address) {
    if (!limits.limitsAuthFailures() || address == null) {
      return 0;
    }
    long wait = waitNanos(key(address));
    String site = siteKey(address);
    if (site != null) {
      wait = Math.max(wait, waitNanos(site));
    }
    if (wait <= 0) {
      return 0;
    }
    limited.increment();
    return TokenBuckets.ceilSeconds(wait);
  }

  private long waitNanos(String key) {
    Bucket bucket = buckets.get(key);
    return bucket == null ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
  }

  /** Records a token the address presented that was not valid. */
  public void failed(InetAddress address) {
    if (!limits.limitsAuthFailures() || address == null) {
      return;
    }
    String key = key(address);
    boolean exhausted = take(key, limits.authFailuresPerMinute());
    String site = siteKey(address);
    if (site != null && take(site, (long) SITE_FACTOR * limits.authFailuresPerMinute())) {
      key = site;
      exhausted = true;
    }
    if (exhausted && warningDue()) {
      LOG.log(System.Logger.Level.WARNING, "client address {0} ran out of wrong tokens ({1} a minute):"
          + " token-checked paths answer 429 to it until one is forgiven (at most one such line a minute)", key,
          capacity(key));
    }
  }

  /** Takes a failure from the key's bucket of {@code perMinute}; true when that took its last one. */
  private boolean take(String key, long perMinute) {
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      if (buckets.size() >= maxAddresses && !sweep()) {
        return false;
      }
      bucket = buckets.computeIfAbsent(key, k -> TokenBuckets.perMinute(perMinute, perMinute, time));
    }
    return bucket.tryConsume(1) && bucket.getAvailableTokens() == 0;
  }

  /** Whether {@code /metrics} checks a token, so that its failures count and it is held off too. */
  public boolean metricsToken() {
    return metricsToken;
  }

  /** At most one warning a minute, whatever the number of addresses: a distributed guesser must not flood the log. */
  private boolean warningDue() {
    long now = time.millis();
    long due = nextWarningMillis.get();
    return now >= due && nextWarningMillis.compareAndSet(due, now + 60_000);
  }

  /** Addresses with failures not yet forgiven (for tests and diagnostics). */
  public int tracked() {
    return buckets.size();
  }

  /**
   * Drops buckets that refilled; false when the table is still full. At most once a second: a flood of new addresses
   * against a full table must not turn every request into a walk over it.
   */
  private boolean sweep() {
    long now = time.millis();
    long last = lastSweepMillis;
    if (last != Long.MIN_VALUE && now - last < 1_000) {
      return false;
    }
    lastSweepMillis = now;
    buckets.forEach((k, b) -> {
      if (b.getAvailableTokens() >= capacity(k)) {
        buckets.remove(k, b);
      }
    });
    boolean room = buckets.size() < maxAddresses;
    if (!room && !warnedFull) {
      warnedFull = true;
      LOG.log(System.Logger.Level.WARNING, "{0} client addresses with failed tokens in the last minute: further"
          + " addresses are not rate limited until some are forgiven", maxAddresses);
    }
    return room;
  }

  private long capacity(String key) {
    return key.endsWith(SITE_SUFFIX) ? (long) SITE_FACTOR * limits.authFailuresPerMinute()
        : limits.authFailuresPerMinute();
  }

  /** The address's own key: an IPv4 address, or an IPv6 address's /64. */
  static String key(InetAddress address) {
    byte[] raw = address.getAddress();
    if (address instanceof Inet6Address && !isV4Mapped(raw)) {
      return HexFormat.of().formatHex(raw, 0, 8) + "::/64";
    }
    return isV4Mapped(raw) ? (raw[12] & 0xff) + "." + (raw[13] & 0xff) + "." + (raw[14] & 0xff) + "." + (raw[15] & 0xff)
        : address.getHostAddress();
  }

  /** An IPv6 address's /48, else null (IPv4 and IPv4-mapped addresses have no site prefix here). */
  static String siteKey(InetAddress address) {
    byte[] raw = address.getAddress();
    return address instanceof Inet6Address && !isV4Mapped(raw) ? HexFormat.of().formatHex(raw, 0, 6) + SITE_SUFFIX
        : null;
  }

  private static boolean isV4Mapped(byte[] raw) {
    if (raw.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (raw[i] != 0) {
        return false;
      }
    }
    return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
  }
}
