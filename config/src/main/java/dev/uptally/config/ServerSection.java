package dev.uptally.config;

import dev.uptally.config.collector.Admission;
import dev.uptally.config.collector.RateLimits;
import dev.uptally.config.collector.ServerConfig;
import dev.uptally.config.collector.TlsConfig;
import java.time.Duration;

/** The {@code server:} section: where to listen, TLS, and request limits. */
final class ServerSection {

  static final String DEFAULT_LISTEN = "127.0.0.1:8420";
  static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
  static final int DEFAULT_MAX_SAMPLES = 1000;

  private ServerSection() {}

  static ServerConfig read(ConfigNode n) {
    n.expectKeys("listen", "tls", "allowPlaintext", "metricsToken", "maxBodyBytes", "maxSamplesPerRequest",
        "rateLimits", "requestTimeout", "admission");
    ConfigNode listenNode = n.get("listen");
    Listen listen = listenNode.parsed(Listen::parse, listenNode.isAbsent() ? Listen.parse(DEFAULT_LISTEN) : null);
    TlsConfig tls = tls(n.get("tls"));
    boolean allowPlaintext = n.get("allowPlaintext").bool(false);
    if (listen != null && tls == null && n.get("tls").isAbsent() && !allowPlaintext && !listen.isLoopback()) {
      listenNode.problem("'" + listenNode.string(DEFAULT_LISTEN) + "' is not a loopback address and there is no tls: "
          + "agents would send tokens in plaintext. Fix: add server.tls {certFile, keyFile}, or set "
          + "server.allowPlaintext: true if a TLS proxy in front terminates TLS, or listen on 127.0.0.1");
    }
    ConfigNode metrics = n.get("metricsToken");
    String metricsToken = metrics.isAbsent() ? null : Checks.token(metrics, false);
    long maxBody = n.get("maxBodyBytes").bytes(DEFAULT_MAX_BODY_BYTES);
    if (maxBody < 1024 || maxBody > (256L << 20)) {
      n.get("maxBodyBytes").problem(maxBody + " bytes is out of range (expected 1KiB..256MiB)");
    }
    long maxSamples = n.get("maxSamplesPerRequest").integer((long) DEFAULT_MAX_SAMPLES, 1, 100_000);
    return new ServerConfig(listen == null ? null : listen.host(), listen == null ? 0 : listen.port(), tls,
        allowPlaintext, metricsToken, maxBody, (int) maxSamples, rateLimits(n.get("rateLimits")),
        requestTimeout(n.get("requestTimeout")), admission(n.get("admission")));
  }

  private static Admission admission(ConfigNode n) {
    Admission d = Admission.DEFAULTS;
    if (n.isAbsent() || !n.expectKeys("highWatermark", "lowWatermark", "retryAfterSeconds", "retryJitterSeconds")) {
      return d;
    }
    long high = n.get("highWatermark").integer((long) d.highWatermark(), 0, Admission.MAX_HIGH_WATERMARK);
    long low = n.get("lowWatermark").integer(Math.min((long) d.lowWatermark(), Math.max(0, high - 1)), 0,
        Admission.MAX_HIGH_WATERMARK);
    if (high > 0 && low >= high) {
      n.get("lowWatermark").problem(low + " must be below highWatermark (" + high + "): the gap between them keeps"
          + " admission from flapping");
      low = high - 1; // reported; a valid stand-in lets every other problem be reported too
    }
    long retry = n.get("retryAfterSeconds").integer((long) d.retryAfterSeconds(), 1, 300);
    long jitter = n.get("retryJitterSeconds").integer((long) d.retryJitterSeconds(), 0, 300);
    return new Admission((int) high, (int) low, (int) retry, (int) jitter);
  }

  /** 1 s..10 min: a 4 MiB spool batch needs about 3 s at 10 Mbit/s; longer lets a trickled body hold a connection. */
  private static Duration requestTimeout(ConfigNode n) {
    Duration timeout = n.duration(ServerConfig.DEFAULT_REQUEST_TIMEOUT);
    if (timeout != null
        && (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0)) {
      n.problem(timeout.toSeconds() + " s is out of range (expected 1s..10m)");
      return ServerConfig.DEFAULT_REQUEST_TIMEOUT;
    }
    return timeout == null ? ServerConfig.DEFAULT_REQUEST_TIMEOUT : timeout;
  }

  private static RateLimits rateLimits(ConfigNode n) {
    RateLimits d = RateLimits.DEFAULTS;
    if (n.isAbsent() || !n.expectKeys("deviceRequestsPerMinute", "deviceBurst", "authFailuresPerMinute",
        "enrollmentsPerMinute", "enrollmentBurst")) {
      return d;
    }
    long perMinute = n.get("deviceRequestsPerMinute").integer((long) d.deviceRequestsPerMinute(), 0, 60_000);
    long burst = n.get("deviceBurst").integer((long) d.deviceBurst(), 0, 10_000);
    if (perMinute > 0 && burst == 0) {
      n.get("deviceBurst").problem("must be at least 1 while deviceRequestsPerMinute limits devices"
          + " (set deviceRequestsPerMinute: 0 to turn the device limit off)");
      burst = d.deviceBurst(); // reported; a valid stand-in lets every other problem be reported too
    }
    long failures = n.get("authFailuresPerMinute").integer((long) d.authFailuresPerMinute(), 0, 60_000);
    long enrollments = n.get("enrollmentsPerMinute").integer((long) d.enrollmentsPerMinute(), 0, 60_000);
    long enrollBurst = n.get("enrollmentBurst").integer((long) d.enrollmentBurst(), 0, 1_000_000);
    if (enrollments > 0 && enrollBurst == 0) {
      n.get("enrollmentBurst").problem("must be at least 1 while enrollmentsPerMinute limits enrollments"
          + " (set enrollmentsPerMinute: 0 to turn the enrollment limit off)");
      enrollBurst = d.enrollmentBurst();
    }
    return new RateLimits((int) perMinute, (int) burst, (int) failures, (int) enrollments, (int) enrollBurst);
  }

  private static TlsConfig tls(ConfigNode n) {
    if (n.isAbsent() || !n.expectKeys("certFile", "keyFile", "clientCaFile")) {
      return null;
    }
    return new TlsConfig(Checks.existingFile(n.get("certFile"), true), Checks.existingFile(n.get("keyFile"), true),
        Checks.existingFile(n.get("clientCaFile"), false));
  }
}
