package dev.uptally.config.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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

  /** @param caFile extra trusted CA (PEM), null: the JDK's trust store; @param proxy null: none ({@code host:port}) */
  public record CollectorEndpoint(URI url, Path caFile, String proxy) {}

  /** @param maxBytes default 64 MiB; @param maxAge default 35 days (the collector's acceptance window) */
  public record SpoolConfig(long maxBytes, Duration maxAge) {}

  @Override
  public String toString() {
    return "AgentConfig[collector=" + collector + ", deviceClass=" + deviceClass + ", stateDir=" + stateDir
        + ", spool=" + spool + ", tags=" + tags + "]";
  }
}
