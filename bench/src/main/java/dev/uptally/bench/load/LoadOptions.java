package dev.uptally.bench.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a load run does: {@code devices} virtual agents each sending a batch of {@code batch} samples every
 * {@code intervalSeconds} for {@code durationSeconds}, to a collector on loopback.
 *
 * @param out markdown file the result row is appended to; null for none
 */
record LoadOptions(URI url, String token, int devices, int intervalSeconds, int durationSeconds, int batch,
    Path out) {

  LoadOptions {
    Objects.requireNonNull(url, "--url");
    Objects.requireNonNull(token, "--token");
    if (devices < 1 || intervalSeconds < 1 || durationSeconds < 1 || batch < 1 || batch > 1000) {
      throw new IllegalArgumentException("need --devices >= 1, --interval-seconds >= 1, --duration-seconds >= 1, "
          + "--batch in [1, 1000]; got " + devices + ", " + intervalSeconds + ", " + durationSeconds + ", " + batch);
    }
  }

  /** Parses {@code --url U --token T --devices N --interval-seconds S --duration-seconds D [--batch B] [--out F]}. */
  static LoadOptions parse(String[] args) {
    URI url = null;
    String token = null;
    int devices = 0;
    int interval = 0;
    int duration = 0;
    int batch = 1;
    Path out = null;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String v = args[i + 1];
      switch (name) {
        case "--url" -> url = URI.create(v);
        case "--token" -> token = v;
        case "--devices" -> devices = number(name, v);
        case "--interval-seconds" -> interval = number(name, v);
        case "--duration-seconds" -> duration = number(name, v);
        case "--batch" -> batch = number(name, v);
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + name + " (expected --url, --token, "
            + "--devices, --interval-seconds, --duration-seconds, --batch, --out)");
      }
    }
    return new LoadOptions(url, token, devices, interval, duration, batch, out);
  }

  /** The load generator talks to loopback only: it is a benchmark, not a way to flood someone's collector. */
  void requireLoopback() {
    requireLoopback(url);
  }

  /** Refuses any URL whose host is not a loopback address (the load tools never send anywhere else). */
  static void requireLoopback(URI url) {
    String host = url.getHost();
    try {
      if (host == null || !InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress()) {
        throw new IllegalArgumentException("--url " + url + " is not a loopback address (127.0.0.1, ::1, localhost)");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--url host '" + host + "' does not resolve", e);
    }
  }

  /** {@code --name value} pairs, each name one of {@code known}; anything else is an error naming the known ones. */
  static java.util.Map<String, String> flags(String[] args, java.util.List<String> known) {
    java.util.Map<String, String> flags = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i] + " (expected " + String.join(", ", known) + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      flags.put(args[i], args[i + 1]);
    }
    return flags;
  }

  private static int number(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + v + "' is not a whole number", e);
    }
  }

  @Override
  public String toString() {
    return "LoadOptions[url=" + url + ", token=***, devices=" + devices + ", intervalSeconds=" + intervalSeconds
        + ", durationSeconds=" + durationSeconds + ", batch=" + batch + ", out=" + out + "]";
  }
}
