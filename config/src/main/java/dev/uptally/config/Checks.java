package dev.uptally.config;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Value checks shared by the collector and agent loaders; each reports at the node and returns a fallback. */
final class Checks {

  static final int MIN_TOKEN_LENGTH = 16;

  private Checks() {}

  /** A secret: non-empty, at least 16 characters. The value itself never appears in a message. */
  static String token(ConfigNode n, boolean required) {
    String t = required ? n.required() : n.text();
    if (t == null) {
      return null;
    }
    if (t.isBlank()) {
      n.problem("is empty (a token needs at least " + MIN_TOKEN_LENGTH + " characters)");
      return null;
    }
    if (t.length() < MIN_TOKEN_LENGTH) {
      n.problem("is " + t.length() + " characters long; a token needs at least " + MIN_TOKEN_LENGTH
          + " (e.g. openssl rand -hex 24)");
      return null;
    }
    return t;
  }

  /** An IANA zone id such as {@code America/New_York} (offsets like {@code +02:00} are refused: they have no DST rules). */
  static ZoneId zone(ConfigNode n) {
    String id = n.required();
    if (id == null) {
      return null;
    }
    if (!ZoneId.getAvailableZoneIds().contains(id)) {
      n.problem("'" + id + "' is not an IANA time zone id" + Suggestions.didYouMean(id, ZoneId.getAvailableZoneIds())
          + " (e.g. America/New_York, Europe/Berlin, UTC)");
      return null;
    }
    return ZoneId.of(id);
  }

  /** An absolute http or https URL. */
  static URI httpUrl(ConfigNode n) {
    String text = n.required();
    if (text == null) {
      return null;
    }
    try {
      URI u = new URI(text);
      if (u.getScheme() == null || !Set.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))
          || u.getHost() == null) {
        // the text is not echoed: a webhook URL may carry a token substituted from the environment
        n.problem("not an http(s) URL with a host (expected e.g. https://host:8420)");
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      n.problem("not a URL: " + e.getReason() + " at index " + e.getIndex());
      return null;
    }
  }

  /**
   * A non-empty list of distinct absolute http(s) URLs, each checked as {@link #httpUrl}; every problem names the
   * item's index ({@code collector.urls[1]}). Two URLs are the same when they differ only in the case of scheme or
   * host, an explicit default port or a trailing slash. Null when the list or any item is wrong.
   */
  static List<URI> httpUrls(ConfigNode n) {
    List<ConfigNode> items = n.items(); // reports a value that is not a list
    if (!n.isList()) {
      return null;
    }
    if (items.isEmpty()) {
      n.problem("lists no URL (expected e.g. [\"https://a.example:8420\", \"https://b.example:8420\"])");
      return null;
    }
    List<URI> urls = new ArrayList<>();
    Map<String, ConfigNode> seen = new HashMap<>();
    boolean allGood = true;
    for (ConfigNode item : items) {
      if (item.isAbsent()) {
        item.problem("is empty (expected an http(s) URL such as https://host:8420)");
        allGood = false;
        continue;
      }
      URI u = httpUrl(item);
      if (u == null) {
        allGood = false;
        continue;
      }
      ConfigNode first = seen.putIfAbsent(sameCollectorKey(u), item);
      if (first != null) {
        item.problem("is the same URL as " + first.path() + " (line " + first.line() + "); list each collector once");
        allGood = false;
        continue;
      }
      urls.add(u);
    }
    return allGood ? urls : null;
  }

  /** {@code scheme://host:port/path} with case, default port and trailing slashes normalised. */
  private static String sameCollectorKey(URI u) {
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
  }

  /** A file that must exist and be readable. */
  static Path existingFile(ConfigNode n, boolean required) {
    if (n.isAbsent()) {
      if (required) {
        n.problem("is required");
      }
      return null;
    }
    Path p = n.file(null);
    if (p != null && !(Files.isRegularFile(p) && Files.isReadable(p))) {
      n.problem("file " + p + " does not exist or is not readable");
      return null;
    }
    return p;
  }

  static DeviceClass deviceClass(ConfigNode n, String text) {
    try {
      return DeviceClass.fromWire(text);
    } catch (IllegalArgumentException e) {
      n.problem("'" + text + "' is not a device class (expected server, workstation or laptop)");
      return null;
    }
  }

  /** A list of device classes; {@code fallback} when absent. */
  static Set<DeviceClass> deviceClasses(ConfigNode n, Set<DeviceClass> fallback) {
    if (n.isAbsent()) {
      return fallback;
    }
    Set<DeviceClass> out = EnumSet.noneOf(DeviceClass.class);
    List<ConfigNode> items = n.items();
    if (items.isEmpty()) {
      n.problem("lists no device class (expected some of server, workstation, laptop)");
    }
    for (ConfigNode item : items) {
      String t = item.text();
      DeviceClass c = t == null ? null : deviceClass(item, t);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  static Set<OutageCause> causes(ConfigNode n, Set<OutageCause> fallback) {
    if (n.isAbsent()) {
      return fallback;
    }
    Set<OutageCause> out = EnumSet.noneOf(OutageCause.class);
    for (ConfigNode item : n.items()) {
      String t = item.text();
      if (t == null) {
        continue;
      }
      try {
        out.add(OutageCause.fromWire(t));
      } catch (IllegalArgumentException e) {
        item.problem("'" + t + "' is not an outage cause that can count (expected crash, shutdown or silent)");
      }
    }
    return out;
  }

  /** A number in {@code (lowExclusive, highInclusive]}. */
  static Double inHalfOpen(ConfigNode n, Double fallback, double lowExclusive, double highInclusive, boolean required) {
    if (required && n.isAbsent()) {
      n.problem("is required");
      return null;
    }
    Double v = n.number(fallback);
    if (v != null && !(v > lowExclusive && v <= highInclusive)) {
      n.problem(v + " is out of range (expected more than " + lowExclusive + " and at most " + highInclusive + ")");
      return null;
    }
    return v;
  }
}
