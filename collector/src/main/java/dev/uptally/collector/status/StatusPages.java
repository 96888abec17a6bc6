package dev.uptally.collector.status;

import dev.uptally.collector.api.ApiViews;
import dev.uptally.collector.api.FleetQueries;
import dev.uptally.collector.report.MonthlyReport;
import dev.uptally.collector.report.MonthlyReportBuilder;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.config.collector.ClientConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The public status pages of the clients that have one ({@code clients[].statusPage}), by slug. Each page is computed
 * from the monthly report of this month and last ({@link MonthlyReportBuilder}: the same pooled availability per class
 * as the report and the dashboard) and the fleet's live state, at most once per time-to-live ({@link TtlMemo}); its
 * JSON and HTML are rendered once per computation. The set of slugs is fixed by the configuration, so requests for
 * other slugs cost a map lookup and grow nothing. Thread-safe.
 */
public final class StatusPages {

  /** How long a computed page is served: a minute, as the per-client availability series are recomputed. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  private final Map<String, TtlMemo<RenderedStatus>> bySlug;
  private final Duration ttl;

  /**
   * @param executor where pages are computed (one thread is enough: a page takes a fraction of a second per TTL)
   */
  public StatusPages(List<ClientConfig> clients, MonthlyReportBuilder reports, FleetQueries queries, Clock clock,
      Duration ttl, Executor executor) {
    this.ttl = ttl;
    this.bySlug = clients.stream().filter(c -> c.statusPage() != null).collect(Collectors.toUnmodifiableMap(
        c -> c.statusPage().slug(),
        c -> new TtlMemo<>(() -> RenderedStatus.of(snapshot(c, reports, queries, clock, ttl)), clock, ttl, executor)));
  }

  /** The page of {@code slug}, fresh or being computed; empty when no client has that slug. */
  public Optional<CompletableFuture<TtlMemo.Computed<RenderedStatus>>> page(String slug) {
    TtlMemo<RenderedStatus> memo = slug == null ? null : bySlug.get(slug);
    return memo == null ? Optional.empty() : Optional.of(memo.get());
  }

  public Duration ttl() {
    return ttl;
  }

  static StatusSnapshot snapshot(ClientConfig client, MonthlyReportBuilder reports, FleetQueries queries, Clock clock,
      Duration ttl) {
    ZonedDateTime now = clock.instant().atZone(client.timezone());
    YearMonth month = YearMonth.from(now);
    MonthlyReport current = report(reports, client, month);
    MonthlyReport previous = report(reports, client, month.minusMonths(1));
    List<StatusSnapshot.ClassAvailability> classes = new ArrayList<>();
    for (DeviceClass cls : DeviceClass.values()) {
      Double thisMonth = availability(current, cls);
      Double lastMonth = availability(previous, cls);
      if (covers(current, cls) || covers(previous, cls)) {
        classes.add(new StatusSnapshot.ClassAvailability(cls.wireName(), thisMonth, lastMonth));
      }
    }
    return new StatusSnapshot(client.name(), client.timezone().getId(), month.toString(),
        month.minusMonths(1).toString(), classes, machines(queries.devices(client.id(), null, null, "false")),
        now.toInstant(), ttl.toSeconds());
  }

  private static MonthlyReport report(MonthlyReportBuilder reports, ClientConfig client, YearMonth month) {
    return reports.build(client.id(), month).orElseThrow(() -> new IllegalStateException(
        "client '" + client.id() + "' has a status page but the report builder does not know it"));
  }

  private static boolean covers(MonthlyReport report, DeviceClass cls) {
    return report.classes().stream().anyMatch(c -> c.deviceClass().equals(cls.wireName()));
  }

  private static Double availability(MonthlyReport report, DeviceClass cls) {
    return report.classes().stream().filter(c -> c.deviceClass().equals(cls.wireName())).findFirst()
        .map(MonthlyReport.ClassRow::availability).orElse(null);
  }

  /** Counts by live state; an orderly shutdown is down with cause {@code shutdown}, which is expected. */
  static StatusSnapshot.Machines machines(List<ApiViews.DeviceView> devices) {
    int up = 0;
    int expectedOff = 0;
    int down = 0;
    int unknown = 0;
    for (ApiViews.DeviceView d : devices) {
      switch (d.state()) {
        case "up" -> up++;
        case "asleep", "maintenance" -> expectedOff++;
        case "down" -> {
          if ("shutdown".equals(d.cause())) {
            expectedOff++;
          } else {
            down++;
          }
        }
        case "retired" -> { } // out of service: not the client's machines any more
        default -> unknown++;
      }
    }
    return new StatusSnapshot.Machines(up, expectedOff, down, unknown);
  }
}
