package dev.uptally.collector.http;

import dev.uptally.collector.incident.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The filters of {@code GET /api/v1/violations} and its rollup: {@code party}, {@code type}, {@code cause} and a range,
 * either {@code from}/{@code to} (default: the last 30 days) or {@code month=YYYY-MM}. A month is each client's own,
 * in the client's time zone, as the monthly report counts it; a violation is in a range when it overlaps it.
 */
final class ViolationFilter {

  static final Set<String> PARAMS = ApiHandlerParams.accepted(Set.of("client", "party", "month", "type", "cause"),
      ApiHandlerParams.WINDOW);
  private static final List<String> PARTIES = List.of("customer", "msp");
  /** Offsets of real zones lie within ±14 h: the store is asked for the month widened by that much. */
  private static final long ZONE_REACH_MILLIS = Duration.ofHours(14).toMillis();

  final String party;
  final Set<String> types;
  final Set<String> causes;
  private final YearMonth month;
  private final ApiHandlerParams.Window window;
  private final Function<String, ZoneId> clientZone;

  private ViolationFilter(String party, Set<String> types, Set<String> causes, YearMonth month,
      ApiHandlerParams.Window window, Function<String, ZoneId> clientZone) {
    this.party = party;
    this.types = types;
    this.causes = causes;
    this.month = month;
    this.window = window;
    this.clientZone = clientZone;
  }

  static ViolationFilter of(HttpCall call, Clock clock, Function<String, ZoneId> clientZone) {
    Set<String> party = ContractParams.anyOf(call, "party", PARTIES);
    if (party.size() > 1) {
      throw HttpException.badRequest("parameter 'party' takes one of customer, msp, got " + String.join(",", party));
    }
    Set<String> types = ContractParams.anyOf(call, "type", Violation.TYPES);
    Set<String> causes = ContractParams.anyOf(call, "cause", Violation.CAUSES);
    String rawMonth = call.query("month");
    YearMonth month = null;
    ApiHandlerParams.Window window = null;
    if (rawMonth != null && !rawMonth.isBlank()) {
      if (call.query("from") != null || call.query("to") != null) {
        throw HttpException.badRequest("parameter 'month' is an alternative to 'from'/'to'; send one or the other");
      }
      try {
        month = YearMonth.parse(rawMonth.trim());
      } catch (DateTimeParseException e) {
        throw HttpException.badRequest("parameter 'month' must be YYYY-MM (e.g. 2026-10), got '" + rawMonth + "'");
      }
    } else {
      window = ApiHandlerParams.window(call, clock);
    }
    return new ViolationFilter(party.isEmpty() ? null : party.iterator().next(), types, causes, month, window,
        clientZone);
  }

  /** The range to ask the store for: the window, or the month widened to hold it in every zone. */
  long storeFromMillis() {
    return month == null ? window.fromMillis() : fromMillis(ZoneId.of("UTC")) - ZONE_REACH_MILLIS;
  }

  long storeToMillis() {
    return month == null ? window.toMillis() : toMillis(ZoneId.of("UTC")) + ZONE_REACH_MILLIS;
  }

  /** The range for one client's violations (its own month when a month is asked for). */
  long fromMillis(String clientId) {
    return month == null ? window.fromMillis() : fromMillis(clientZone.apply(clientId));
  }

  long toMillis(String clientId) {
    return month == null ? window.toMillis() : toMillis(clientZone.apply(clientId));
  }

  boolean matches(Violation v) {
    return (types.isEmpty() || types.contains(v.type()))
        && (causes.isEmpty() || causes.contains(v.cause()))
        && v.start().toEpochMilli() < toMillis(v.clientId()) && v.end().toEpochMilli() > fromMillis(v.clientId());
  }

  /** A name for an export of this range: {@code 2026-10}, or {@code 2026-10-01_2026-10-31}. */
  String rangeName() {
    if (month != null) {
      return month.toString();
    }
    return java.time.Instant.ofEpochMilli(window.fromMillis()).toString().substring(0, 10) + "_"
        + java.time.Instant.ofEpochMilli(window.toMillis()).toString().substring(0, 10);
  }

  private long fromMillis(ZoneId zone) {
    return month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }

  private long toMillis(ZoneId zone) {
    return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
