package dev.uptally.config.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's configuration. {@link #toString()} never shows the enrollment token.
 *
 * @param deviceClass {@code server}, {@code workstation}, {@code laptop} or {@code auto}
 * @param stateDir device id, device token, next seq and spool live here
 */
public record AgentConfig(
    CollectorEndpoint collector,
    String enrollmentToken,
    String deviceClass,
    Path stateDir,
    SpoolConfig spool,
    Map<String, String> tags) {

  public AgentConfig {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /**
   * Where the collector is: {@code collector.url}, or {@code collector.urls} for several collectors (an active one and
   * its standby). The agent starts with the first URL, stays on a URL that works and moves to the next one,
   * round-robin, on a connection failure or a {@code 503}.
   *
   * @param urls at least one, distinct, in the order the agent tries them
   * @param caFile extra trusted CA (PEM) for every URL, null: the JDK's trust store
   * @param proxy null: none ({@code host:port}); used for every URL
   */
  public record CollectorEndpoint(List<URI> urls, Path caFile, String proxy) {

    public CollectorEndpoint {
      if (urls == null || urls.isEmpty()) {
        throw new IllegalArgumentException("a collector endpoint needs at least one URL");
      }
      urls = List.copyOf(urls);
    }

    /** One collector ({@code collector.url}). */
    public CollectorEndpoint(URI url, Path caFile, String proxy) {
      this(List.of(url), caFile, proxy);
    }

    /** The first URL, the one the agent starts with (with {@code collector.url}, the only one). */
    public URI url() {
      return urls.get(0);
    }
  }

  /** @param maxBytes default 64 MiB; @param maxAge default 35 days (the collector's acceptance window) */
  public record SpoolConfig(long maxBytes, Duration maxAge) {}

  @Override
  public String toString() {
    return "AgentConfig[collector=" + collector + ", deviceClass=" + deviceClass + ", stateDir=" + stateDir
        + ", spool=" + spool + ", tags=" + tags + "]";
  }
}
