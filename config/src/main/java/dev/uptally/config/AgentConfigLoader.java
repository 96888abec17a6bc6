package dev.uptally.config;

import dev.uptally.common.protocol.WireLimits;
import dev.uptally.config.agent.AgentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates the agent's YAML configuration (the shape in DESIGN.md). Like
 * {@link CollectorConfigLoader}, it reports every problem at once with file:line:key.
 */
public final class AgentConfigLoader {

  static final long DEFAULT_SPOOL_BYTES = 64L << 20;
  static final Duration DEFAULT_SPOOL_AGE = Duration.ofDays(35);

  private AgentConfigLoader() {}

  /** Loads with the process environment for {@code ${ENV}} substitution. */
  public static AgentConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** @throws ConfigException listing every problem found */
  public static AgentConfig load(Path file, Map<String, String> env) {
    return ConfigPipeline.load(file, env, AgentConfigLoader::read);
  }

  private static AgentConfig read(ConfigNode root) {
    if (!root.expectKeys("collector", "enrollmentToken", "deviceClass", "stateDir", "spool", "tags")) {
      return null;
    }
    AgentConfig.CollectorEndpoint collector = collector(root.get("collector"));
    String token = Checks.token(root.get("enrollmentToken"), true);
    String deviceClass = root.get("deviceClass").string("auto");
    switch (deviceClass) {
      case "server", "workstation", "laptop", "auto" -> { }
      default -> root.get("deviceClass").problem("'" + deviceClass
          + "' is not a device class (expected server, workstation, laptop or auto)");
    }
    ConfigNode stateNode = root.get("stateDir");
    if (stateNode.isAbsent()) {
      stateNode.problem("is required (e.g. /var/lib/uptally-agent)");
    }
    Path stateDir = stateNode.file(null);
    AgentConfig.SpoolConfig spool = spool(root.get("spool"));
    Map<String, String> tags = tags(root.get("tags"));
    if (root.context().hasProblems()) {
      return null;
    }
    return new AgentConfig(collector, token, deviceClass, stateDir, spool, tags);
  }

  /** {@code tags:} within what the collector accepts at enrollment ({@link WireLimits}), so an agent never enrolls
   * with tags it would refuse. */
  private static Map<String, String> tags(ConfigNode n) {
    Map<String, String> tags = new LinkedHashMap<>();
    Map<String, ConfigNode> entries = n.entries();
    if (entries.size() > WireLimits.MAX_TAGS) {
      n.problem(entries.size() + " tags; at most " + WireLimits.MAX_TAGS + " (the collector refuses more)");
    }
    for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
      String k = e.getKey();
      if (k.isEmpty() || k.length() > WireLimits.MAX_TAG_KEY_CHARS || hasControl(k)) {
        e.getValue().problem("a tag name must be 1-" + WireLimits.MAX_TAG_KEY_CHARS
            + " characters without control characters");
      }
      String v = e.getValue().text();
      if (v != null && (v.length() > WireLimits.MAX_TAG_VALUE_CHARS || hasControl(v))) {
        e.getValue().problem("a tag value must be at most " + WireLimits.MAX_TAG_VALUE_CHARS
            + " characters without control characters (it has " + v.length() + ")");
      }
      if (v != null) {
        tags.put(k, v);
      }
    }
    return tags;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT
        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
  }

  private static AgentConfig.CollectorEndpoint collector(ConfigNode n) {
    if (n.isAbsent()) {
      n.problem("is required (e.g. {url: \"https://collector.example:8420\"})");
      return null;
    }
    if (!n.expectKeys("url", "urls", "caFile", "proxy")) {
      return null;
    }
    List<URI> urls = collectorUrls(n);
    Path caFile = Checks.existingFile(n.get("caFile"), false);
    String proxy = n.get("proxy").parsed(p -> {
      Listen l = Listen.parse(p);
      if (l.port() == 0) {
        throw new IllegalArgumentException("'" + p + "': a proxy needs a port");
      }
      return p;
    }, null);
    return urls == null ? null : new AgentConfig.CollectorEndpoint(urls, caFile, proxy);
  }

  /** {@code url: …} for one collector or {@code urls: […]} for several (tried in turn), never both. */
  private static List<URI> collectorUrls(ConfigNode n) {
    ConfigNode one = n.get("url");
    ConfigNode several = n.get("urls");
    if (one.isPresent() && several.isPresent()) {
      several.problem("is set together with collector.url (line " + one.line() + "); keep one of them: url for one"
          + " collector, urls: [a, b] for several");
      return null;
    }
    if (several.isPresent()) {
      return Checks.httpUrls(several);
    }
    if (one.isAbsent()) {
      one.problem("is required (e.g. url: \"https://collector.example:8420\", or urls: [a, b] for several collectors)");
      return null;
    }
    URI url = Checks.httpUrl(one);
    return url == null ? null : List.of(url);
  }

  private static AgentConfig.SpoolConfig spool(ConfigNode n) {
    n.expectKeys("maxBytes", "maxAge");
    long maxBytes = n.get("maxBytes").bytes(DEFAULT_SPOOL_BYTES);
    if (maxBytes < (64L << 10)) {
      n.get("maxBytes").problem(maxBytes + " bytes is too small for a spool (at least 64KiB)");
    }
    Duration maxAge = n.get("maxAge").duration(DEFAULT_SPOOL_AGE);
    if (maxAge.isZero() || maxAge.isNegative()) {
      n.get("maxAge").problem("must be more than 0");
    }
    return new AgentConfig.SpoolConfig(maxBytes, maxAge);
  }
}
