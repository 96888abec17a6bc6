package dev.uptally.agent.transport;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The collector URLs of one agent (DESIGN.md, Scale-out: an active collector and its standby) and which one it talks
 * to. A request goes to the current URL; a connection failure or a {@code 503} ({@link #movesOn}) makes the next one,
 * round-robin, current; any other answer keeps the URL current, so the agent sticks to a URL that works.
 *
 * <p>A URL whose {@code 503} carried {@code Retry-After} sits that out (at most {@link #MAX_SIT_OUT}, the heartbeat
 * loop's cap on {@code Retry-After}) while another URL may answer: a standby saying "not before 30 s" never holds the
 * agent back from the active collector, and is not asked again before its 30 s are over unless every URL sits out.
 *
 * <p>A switch is logged once, at INFO, naming both URLs and why (never a token). Once a request found no URL that
 * answers, switches are logged at DEBUG until one answers again: the heartbeat loop warns once that nothing can be
 * delivered, and an outage of every collector would otherwise log a pair of lines at each retry.
 *
 * <p>Thread-safe: synchronized, called a few times per request, never per sample.
 */
final class CollectorUrls {

  static final Duration MAX_SIT_OUT = Duration.ofMinutes(5);
  private static final System.Logger LOG = System.getLogger(CollectorUrls.class.getName());

  private final List<URI> urls;
  private final LongSupplier nanoTime;
  /** Per URL: its last failure was a 503 with Retry-After, which ends at {@link #sitOutUntil} (monotonic nanos). */
  private final boolean[] sittingOut;
  private final long[] sitOutUntil;
  private int current;
  private boolean noneAnswered;

  CollectorUrls(List<URI> urls, LongSupplier nanoTime) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no collector URL");
    }
    this.urls = List.copyOf(urls);
    this.nanoTime = nanoTime;
    this.sittingOut = new boolean[urls.size()];
    this.sitOutUntil = new long[urls.size()];
  }

  /** A connection failure (refused, reset, timeout, TLS handshake, proxy) or a {@code 503}: another URL may answer. */
  static boolean movesOn(CollectorException e) {
    return e.kind() == CollectorException.Kind.NETWORK || e.status() == 503;
  }

  int size() {
    return urls.size();
  }

  URI url(int index) {
    return urls.get(index);
  }

  synchronized URI current() {
    return urls.get(current);
  }

  /**
   * The URLs to try for one request, by index: round-robin from the current one, without those sitting out a
   * {@code Retry-After}; all of them when every URL does (the caller waited as long as it meant to, e.g. the
   * shutdown sample's one chance).
   */
  synchronized int[] attemptOrder() {
    long now = nanoTime.getAsLong();
    int n = urls.size();
    int[] order = new int[n];
    int count = 0;
    for (int k = 0; k < n; k++) {
      int i = (current + k) % n;
      if (!sittingOut[i] || now - sitOutUntil[i] >= 0) {
        order[count++] = i;
      }
    }
    if (count == 0) {
      for (int k = 0; k < n; k++) {
        order[k] = (current + k) % n;
      }
      return order;
    }
    return count == n ? order : java.util.Arrays.copyOf(order, count);
  }

  /** {@code index} answered (whatever the status): it stays current and any sit-out of it is over. */
  synchronized void answered(int index) {
    sittingOut[index] = false;
    current = index;
    noneAnswered = false;
  }

  /**
   * {@code index} failed as {@link #movesOn} says: the next URL round-robin becomes current, a {@code Retry-After}
   * makes {@code index} sit out.
   *
   * @param next the URL this request tries next, or -1 when it tries no other (then the request fails)
   */
  synchronized void failed(int index, CollectorException e, int next) {
    long now = nanoTime.getAsLong();
    Optional<Duration> retryAfter = e.retryAfter();
    sittingOut[index] = retryAfter.isPresent();
    if (retryAfter.isPresent()) {
      Duration d = retryAfter.get().compareTo(MAX_SIT_OUT) > 0 ? MAX_SIT_OUT : retryAfter.get();
      sitOutUntil[index] = now + d.toNanos();
    }
    if (urls.size() == 1) {
      return; // nothing to switch to
    }
    current = next >= 0 ? next : (index + 1) % urls.size();
    Level level = noneAnswered ? Level.DEBUG : Level.INFO;
    if (next >= 0) {
      LOG.log(level, "collector {0} unreachable ({1}); trying {2}", urls.get(index), reason(e),
          urls.get(next));
    } else {
      noneAnswered = true;
      LOG.log(Level.DEBUG, "collector {0} unreachable ({1}); no other URL to try now; the next attempt starts with {2}",
          urls.get(index), reason(e), urls.get(current));
    }
  }

  /**
   * After a request found no URL that answers: when every URL sits out a {@code Retry-After}, how long until the
   * first of them ends (the caller waits that); otherwise empty (the caller backs off as it does for one URL).
   */
  synchronized Optional<Duration> retryAfterOfAll() {
    long now = nanoTime.getAsLong();
    long soonest = Long.MAX_VALUE;
    for (int i = 0; i < urls.size(); i++) {
      if (!sittingOut[i]) {
        return Optional.empty();
      }
      soonest = Math.min(soonest, Math.max(0, sitOutUntil[i] - now));
    }
    return Optional.of(Duration.ofNanos(soonest));
  }

  /** How much longer {@code index} sits out a {@code Retry-After}; empty when it does not. */
  synchronized Optional<Duration> sitOutLeft(int index) {
    long left = sitOutUntil[index] - nanoTime.getAsLong();
    return sittingOut[index] && left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
  }

  /** What went wrong, without the URL (the log line names it): "ConnectException: Connection refused", "503: …". */
  private static String reason(CollectorException e) {
    if (e.status() == 0) {
      return e.getCause() != null ? HttpPost.describe(e.getCause()) : e.getMessage();
    }
    return "answered " + e.status() + e.collectorError().map(text -> ": " + text).orElse("")
        + e.retryAfter().map(d -> ", Retry-After " + d.toSeconds() + " s").orElse("");
  }
}
