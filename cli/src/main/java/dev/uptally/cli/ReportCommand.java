package dev.uptally.cli;

import dev.uptally.config.CollectorConfigLoader;
import dev.uptally.config.ConfigException;
import dev.uptally.config.collector.CollectorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code uptally report}: fetches a client's monthly report from a <em>running</em> collector's API ({@code GET
 * /api/v1/clients/{id}/report}). The report needs the collector's live device state (open outages, the newest
 * samples), which only the running process has, and a second process must not write to its database; so this
 * command asks the collector rather than opening the store. The address and an API token come from the collector's
 * configuration ({@code --config}: {@code server.listen}, the first {@code api.tokens} entry), or from {@code --url}
 * and {@code --token} (which win).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write a client's monthly report (html, json or csv) from a running collector.")
final class ReportCommand implements Callable<Integer> {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM")
      .withResolverStyle(ResolverStyle.STRICT);

  @Option(names = "--client", required = true, paramLabel = "ID", description = "client id, e.g. acme")
  String client;

  @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "month in the client's time zone")
  String month;

  @Option(names = "--format", defaultValue = "html", paramLabel = "FORMAT", description = "html (default), json or csv")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "write here (default: standard output)")
  Path out;

  @Option(names = "--config", paramLabel = "FILE", description = "collector YAML: where it listens, an API token")
  Path config;

  @Option(names = "--url", paramLabel = "URL", description = "collector base URL, e.g. http://127.0.0.1:8420")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", description = "API token (role viewer or above); "
      + "default: $UPTALLY_API_TOKEN, else the first token in --config")
  String token;

  PrintStream stdout = System.out;
  PrintStream stderr = System.err;

  @Override
  public Integer call() throws InterruptedException {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("html") && !fmt.equals("json") && !fmt.equals("csv")) {
      stderr.println("uptally report: --format must be html, json or csv, got '" + format + "'");
      return 2;
    }
    try {
      YearMonth.parse(month, MONTH);
    } catch (DateTimeParseException e) {
      stderr.println("uptally report: --month must be YYYY-MM (e.g. 2026-10), got '" + month + "'");
      return 2;
    }
    Target target;
    try {
      target = target();
    } catch (ConfigException | IllegalArgumentException e) {
      stderr.println("uptally report: " + e.getMessage());
      return 2;
    }
    return fetch(target, fmt);
  }

  private record Target(URI base, String token) {}

  /**
   * The environment for reading the collector's YAML, where each {@code ${…_ENROLL_TOKEN}} variable that the file names
   * and the environment lacks reads as a placeholder: a report needs the collector's address and an API token, not the
   * secrets agents enroll with (the demo's config names one per client, set only in the demo's own process).
   */
  static Map<String, String> withoutEnrollmentSecrets(Map<String, String> env, Path file) {
    Map<String, String> out = new java.util.HashMap<>(env);
    try {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*_ENROLL_TOKEN)[:}]")
          .matcher(java.nio.file.Files.readString(file));
      while (m.find()) {
        out.putIfAbsent(m.group(1), "unused-by-report-" + m.group(1).toLowerCase(java.util.Locale.ROOT));
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return env; // unreadable: the loader says so, naming the file
    }
    return out;
  }

  private Target target() {
    CollectorConfig cfg = config == null ? null : CollectorConfigLoader.load(config,
        withoutEnrollmentSecrets(System.getenv(), config));
    String base = url;
    if (base == null && cfg != null) {
      base = (cfg.server().tls() == null ? "http" : "https") + "://" + connectHost(cfg.server().host()) + ":"
          + cfg.server().port();
    }
    String secret = token != null ? token : System.getenv("UPTALLY_API_TOKEN");
    if (secret == null && cfg != null && !cfg.api().tokens().isEmpty()) {
      secret = cfg.api().tokens().get(0).token();
    }
    if (base == null) {
      throw new IllegalArgumentException("give --config FILE (the collector's configuration) or --url URL");
    }
    if (secret == null) {
      throw new IllegalArgumentException("no API token: give --token, set UPTALLY_API_TOKEN, or --config FILE");
    }
    return new Target(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base), secret);
  }

  /** A wildcard listen address is reached on loopback; an IPv6 literal goes in brackets. */
  static String connectHost(String host) {
    if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (host.equals("::") || host.equals("[::]")) {
      return "[::1]";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private int fetch(Target target, String fmt) throws InterruptedException {
    URI uri = URI.create(target.base() + "/api/v1/clients/" + URLEncoder.encode(client, StandardCharsets.UTF_8)
        + "/report?month=" + month + "&format=" + fmt);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + target.token()).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      stderr.println("uptally report: cannot reach the collector at " + target.base() + ": " + e
          + " (is it running? see --url)");
      return 1;
    }
    if (response.statusCode() != 200) {
      stderr.println("uptally report: the collector answered " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8).trim());
      return 1;
    }
    try {
      if (out == null) {
        stdout.write(response.body());
        stdout.flush();
      } else {
        Files.write(out, response.body());
        stderr.println("uptally report: wrote " + out.toAbsolutePath() + " (" + response.body().length + " bytes)");
      }
    } catch (IOException e) {
      stderr.println("uptally report: cannot write " + out + ": " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
