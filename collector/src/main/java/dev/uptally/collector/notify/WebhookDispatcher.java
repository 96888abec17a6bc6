package dev.uptally.collector.notify;

import dev.uptally.collector.concurrent.Executors2;
import dev.uptally.collector.store.StoreException;
import dev.uptally.config.collector.NotificationsConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Delivers the outbox's events to the configured webhooks, at least once.
 *
 * <p>Each pass ({@link #runOnce}) first creates a {@code webhook_delivery} row for every new outbox event and every
 * webhook whose {@code events} list names its type, then POSTs every due row's payload with the headers {@code
 * X-Uptally-Event} (type), {@code X-Uptally-Delivery} (event id: receivers de-duplicate on it) and, when the webhook
 * has a secret, {@code X-Uptally-Signature} ({@link WebhookSignature}). A row is marked delivered only after a 2xx
 * answer; anything else (status, timeout, refused connection, redirect) schedules a retry with {@link Backoff}. An
 * event older than {@link Settings#maxEventAge()} is neither fanned out nor retried any more (the row keeps its last
 * error). Rows are durable, so a restarted collector resumes where the previous one stopped; a crash between a 2xx
 * and its row update re-sends that event once more, which is what the delivery id is for.
 *
 * <p>Time comes from the injected clock; {@link #start()} runs a pass every {@link Settings#period()} on one thread,
 * tests call {@link #runOnce} directly. Secrets and URLs (which may carry tokens) are never logged; webhooks are named.
 * Thread-safe: passes are serialised.
 */
public final class WebhookDispatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

  private final Map<String, NotificationsConfig.Webhook> webhooks = new LinkedHashMap<>();
  private final DeliveryLog log;
  private final Clock clock;
  private final Settings settings;
  private final RandomGenerator random;
  private final HttpClient http;
  private ScheduledExecutorService scheduler;
  private boolean closed;

  /** @param log the deliveries, in the collector's storage (not owned: closed with the storage) */
  public WebhookDispatcher(NotificationsConfig config, DeliveryLog log, Clock clock, Settings settings,
      RandomGenerator random) {
    for (NotificationsConfig.Webhook w : config.webhooks()) {
      if (webhooks.put(w.name(), w) != null) {
        throw new IllegalArgumentException("two webhooks are named '" + w.name() + "'; names key the delivery log");
      }
    }
    this.clock = clock;
    this.settings = settings;
    this.random = random;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.log = log;
  }

  public WebhookDispatcher(NotificationsConfig config, DeliveryLog log, Clock clock) {
    this(config, log, clock, Settings.DEFAULTS, RandomGenerator.getDefault());
  }

  /**
   * @param period between passes of the scheduler
   * @param connectTimeout TCP connect timeout of one attempt
   * @param requestTimeout whole-answer timeout of one attempt
   * @param batch most deliveries attempted in one pass (they run concurrently)
   * @param maxEventAge events older than this are not delivered any more
   */
  public record Settings(Duration period, Duration connectTimeout, Duration requestTimeout, int batch,
      Duration maxEventAge, Backoff backoff) {
    public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(10), 50, Duration.ofDays(3), Backoff.DEFAULT);

    public Settings {
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be at least 1, got " + batch);
      }
    }
  }

  /** What one pass did. */
  public record Pass(int fannedOut, int attempted, int delivered, int failed) {}

  /** One pass at {@code nowMillis}: fan out new events, attempt every due delivery, record the outcomes. */
  public synchronized Pass runOnce(long nowMillis) {
    if (closed) {
      throw new IllegalStateException("webhook dispatcher is closed");
    }
    long since = nowMillis - settings.maxEventAge().toMillis();
    int fanned = 0;
    for (NotificationsConfig.Webhook w : webhooks.values()) {
      fanned += log.fanOut(w.name(), w.events(), since, nowMillis);
    }
    List<Delivery> due = log.due(List.copyOf(webhooks.keySet()), nowMillis, settings.batch());
    List<CompletableFuture<String>> outcomes = new ArrayList<>(due.size());
    for (Delivery d : due) {
      outcomes.add(send(webhooks.get(d.webhook()), d));
    }
    int delivered = 0;
    Map<String, Failures> failures = new LinkedHashMap<>();
    for (int i = 0; i < due.size(); i++) {
      String error = outcomes.get(i).join();
      if (error == null) {
        log.delivered(due.get(i), nowMillis);
        delivered++;
      } else {
        Delivery d = due.get(i);
        failures.computeIfAbsent(d.webhook(), k -> new Failures()).add(d, error, retryLater(d, error, nowMillis, since));
      }
    }
    failures.forEach(this::report);
    return new Pass(fanned, due.size(), delivered, due.size() - delivered);
  }

  /** The failures of one webhook in one pass, logged as one line (a receiver that is down fails every event). */
  private static final class Failures {
    int retried;
    int abandoned;
    String lastError;
    String lastEvent;
    long earliestRetryMillis = Long.MAX_VALUE;

    void add(Delivery d, String error, Long nextAttemptMillis) {
      lastError = error;
      lastEvent = d.eventId() + " (" + d.type() + ", attempt " + (d.attempts() + 1) + ")";
      if (nextAttemptMillis == null) {
        abandoned++;
      } else {
        retried++;
        earliestRetryMillis = Math.min(earliestRetryMillis, nextAttemptMillis);
      }
    }
  }

  private void report(String webhook, Failures f) {
    if (f.retried > 0) {
      LOG.log(System.Logger.Level.WARNING, "webhook ''{0}'': {1} deliveries failed, e.g. event {2}: {3}; next "
          + "retry at {4}", webhook, f.retried, f.lastEvent, f.lastError, Instant.ofEpochMilli(f.earliestRetryMillis));
    }
    if (f.abandoned > 0) {
      LOG.log(System.Logger.Level.ERROR, "webhook ''{0}'': gave up on {1} events older than {2}, e.g. {3}: {4}",
          webhook, f.abandoned, settings.maxEventAge(), f.lastEvent, f.lastError);
    }
  }

  /** @return null on a 2xx, else why the attempt failed */
  private CompletableFuture<String> send(NotificationsConfig.Webhook w, Delivery d) {
    byte[] body = d.payload() == null ? new byte[0] : d.payload().getBytes(StandardCharsets.UTF_8);
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(w.url()).timeout(settings.requestTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "uptally-webhook/1")
          .header("X-Uptally-Event", d.type())
          .header("X-Uptally-Delivery", d.eventId())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (w.secret() != null && !w.secret().isEmpty()) {
        req.header(WebhookSignature.HEADER, WebhookSignature.sign(w.secret(), body));
      }
      return http.sendAsync(req.build(), HttpResponse.BodyHandlers.discarding())
          .handle((response, failure) -> {
            if (failure != null) {
              Throwable t = failure.getCause() != null ? failure.getCause() : failure;
              return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
          });
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture("request not sendable: " + e.getMessage());
    }
  }

  /** Records a failed attempt; @return when it is retried, null when the event is too old to retry */
  private Long retryLater(Delivery d, String error, long nowMillis, long sinceMillis) {
    if (d.createdAtMillis() < sinceMillis) {
      log.failed(d, null, error);
      return null;
    }
    long next = nowMillis + settings.backoff().delayMillis(d.attempts() + 1, random);
    log.failed(d, next, error);
    return next;
  }

  /** Starts the scheduler thread: a pass every {@link Settings#period()} at the clock's time. */
  public synchronized void start() {
    if (scheduler != null || closed) {
      throw new IllegalStateException("webhook dispatcher already started or closed");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "uptally-webhooks");
      t.setDaemon(true);
      return t;
    });
    long period = settings.period().toMillis();
    scheduler.scheduleWithFixedDelay(this::scheduledPass, period, period, TimeUnit.MILLISECONDS);
  }

  private void scheduledPass() {
    try {
      runOnce(clock.millis());
    } catch (StoreException | IllegalStateException e) {
      // the next pass retries; the rows are unchanged by a failed statement
      LOG.log(System.Logger.Level.WARNING, "webhook pass failed: " + e.getMessage());
    } catch (RuntimeException e) {
      // anything else must not end the schedule (delivery would stop silently): log it and go on
      LOG.log(System.Logger.Level.ERROR, "webhook pass failed unexpectedly; the next pass retries", e);
    }
  }

  /** Stops the scheduler and lets a running pass finish. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
    }
    if (s != null) {
      Executors2.stop(s, settings.requestTimeout().plusSeconds(5));
    }
    synchronized (this) {
      closed = true;
    }
  }
}
