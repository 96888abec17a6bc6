package dev.uptally.collector.http;

import dev.uptally.collector.access.Caller;
import dev.uptally.collector.access.Scope;
import dev.uptally.collector.http.ContractViews.RollupRow;
import dev.uptally.collector.http.ContractViews.ViolationView;
import dev.uptally.collector.incident.ContractQueries;
import dev.uptally.collector.incident.Violation;
import dev.uptally.config.collector.ApiConfig.Role;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/v1/violations?client=&party=&type=&cause=&from=&to=|month=&limit=&offset=&order=&format=} (viewer):
 * the violations that match, {@code limit} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) from
 * {@code offset}, with the number that match in {@code X-Total-Count}; in start order, or newest first with
 * {@code order=desc}; as CSV with {@code format=csv} or {@code Accept: text/csv}. {@code GET
 * /api/v1/violations/rollup} with the same filters: one row per device and type, with how many occurrences were
 * judged ({@link RollupRow#of()}).
 */
final class ViolationEndpoints {

  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 5000;
  private static final List<String> ORDERS = List.of("asc", "desc");
  private static final Set<String> LIST_PARAMS = ApiHandlerParams.accepted(ViolationFilter.PARAMS,
      ApiHandlerParams.PAGE, ContractParams.FORMAT, Set.of("order"));
  private static final Map<String, Function<ViolationView, Object>> CSV_COLUMNS = columns();

  private final ContractQueries contracts;
  private final Clock clock;
  private final Function<String, String> hostname;

  ViolationEndpoints(ContractQueries contracts, Clock clock, Function<String, String> hostname) {
    this.contracts = contracts;
    this.clock = clock;
    this.hostname = hostname;
  }

  void register(ApiHandler api, Routes.Builder routes) {
    api.route(routes, "GET", "/api/v1/violations", Role.VIEWER, Scope.listed(), LIST_PARAMS, this::list);
    api.route(routes, "GET", "/api/v1/violations/rollup", Role.VIEWER, Scope.listed(), ViolationFilter.PARAMS,
        this::rollup);
  }

  private HttpReply list(HttpCall call, Caller who) {
    ViolationFilter filter = ViolationFilter.of(call, clock, contracts::clientZone);
    ApiHandlerParams.Page page = ApiHandlerParams.page(call, DEFAULT_LIMIT, MAX_LIMIT);
    boolean newestFirst = "desc".equals(ContractEndpoints.oneOf(call, "order", Set.copyOf(ORDERS)));
    boolean csv = ContractParams.wantsCsv(call);
    List<Violation> all = new ArrayList<>(matching(filter, who));
    if (newestFirst) {
      all.sort(Comparator.comparing(Violation::start).thenComparing(Violation::id).reversed());
    }
    int from = (int) Math.min(all.size(), (long) page.offset());
    int to = (int) Math.min(all.size(), (long) from + page.limit());
    List<ViolationView> views = all.subList(from, to).stream()
        .map(v -> ViolationView.of(v, v.deviceId() == null ? null : hostname.apply(v.deviceId()))).toList();
    HttpReply reply = csv ? CsvTable.reply(views, CSV_COLUMNS, "violations-" + filter.rangeName() + ".csv")
        : HttpReply.ok(views);
    return reply.withHeader("X-Total-Count", Integer.toString(all.size())).gzipFor(call);
  }

  private HttpReply rollup(HttpCall call, Caller who) {
    ViolationFilter filter = ViolationFilter.of(call, clock, contracts::clientZone);
    Map<List<String>, List<Violation>> groups = new LinkedHashMap<>();
    for (Violation v : matching(filter, who)) {
      groups.computeIfAbsent(java.util.Arrays.asList(v.clientId(), v.deviceId(), v.type()), k -> new ArrayList<>())
          .add(v);
    }
    List<RollupRow> rows = new ArrayList<>(groups.size());
    for (List<Violation> group : groups.values()) {
      Violation first = group.get(0);
      Integer of = null;
      if (first.deviceId() != null) {
        var judged = contracts.judgedOccurrences(first.deviceId(), first.type(), filter.fromMillis(first.clientId()),
            filter.toMillis(first.clientId()));
        of = judged.isPresent() ? judged.getAsInt() : null;
      }
      rows.add(new RollupRow(first.deviceId(), first.deviceId() == null ? null : hostname.apply(first.deviceId()),
          first.clientId(), first.type(), first.party(), group.size(), of));
    }
    rows.sort(Comparator.comparingInt(RollupRow::count).reversed()
        .thenComparing(RollupRow::hostname, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(RollupRow::type));
    return HttpReply.ok(rows).gzipFor(call);
  }

  /** The caller's violations that match the filter, in start order. */
  private List<Violation> matching(ViolationFilter filter, Caller who) {
    return who.clients().rows(client -> contracts.violations(client, filter.party, filter.storeFromMillis(),
        filter.storeToMillis()), Violation::clientId).stream().filter(filter::matches).toList();
  }

  private static Map<String, Function<ViolationView, Object>> columns() {
    Map<String, Function<ViolationView, Object>> c = new LinkedHashMap<>();
    c.put("id", ViolationView::id);
    c.put("type", ViolationView::type);
    c.put("party", ViolationView::party);
    c.put("clientId", ViolationView::clientId);
    c.put("deviceId", ViolationView::deviceId);
    c.put("hostname", ViolationView::hostname);
    c.put("start", ViolationView::start);
    c.put("end", ViolationView::end);
    c.put("cause", ViolationView::cause);
    c.put("detail", ViolationView::detail);
    return c;
  }
}
