package dev.uptally.collector.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Query parameters of the API: the {@code from}/{@code to} window, {@code limit}/{@code offset} paging, and the
 * check that a request sends only the parameters its route declares. Every refusal is a 400 naming the parameter
 * and the value.
 */
public final class ApiHandlerParams {

  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 10_000;

  /** The names {@link #window} reads. */
  public static final Set<String> WINDOW = Set.of("from", "to");
  /** The names {@link #page} reads. */
  public static final Set<String> PAGE = Set.of("limit", "offset");

  private ApiHandlerParams() {}

  /** The union of several declared name sets, e.g. {@code accepted(WINDOW, Set.of("client"))}. */
  @SafeVarargs
  public static Set<String> accepted(Set<String>... names) {
    return Stream.of(names).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Refuses a call that sends a query parameter its route does not read: a misspelt filter ({@code stat} for
   * {@code state}) would otherwise be ignored and answer more than was asked for.
   *
   * @throws HttpException 400 naming the unknown parameter(s) and listing the accepted ones
   */
  public static void requireOnly(HttpCall call, Set<String> accepted) {
    List<String> unknown = call.query().keySet().stream().filter(name -> !accepted.contains(name)).sorted().toList();
    if (unknown.isEmpty()) {
      return;
    }
    String names = unknown.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    String known = accepted.isEmpty() ? "none" : String.join(", ", accepted.stream().sorted().toList());
    throw HttpException.badRequest("unknown query parameter" + (unknown.size() == 1 ? " " : "s ") + names
        + " (accepted: " + known + ")");
  }

  /** A half-open window {@code [fromMillis, toMillis)}. */
  public record Window(long fromMillis, long toMillis) {}

  /** A page: at most {@code limit} rows after skipping {@code offset}. */
  public record Page(int limit, int offset) {}

  /** {@code to} defaults to now, {@code from} to {@code to} minus 30 days; {@code from} must be before {@code to}. */
  public static Window window(HttpCall call, Clock clock) {
    return window(call, clock, DEFAULT_WINDOW);
  }

  /** As {@link #window(HttpCall, Clock)}, {@code from} defaulting to {@code to} minus {@code defaultWindow}. */
  public static Window window(HttpCall call, Clock clock, Duration defaultWindow) {
    Instant to = instant(call, "to");
    if (to == null) {
      to = clock.instant();
    }
    Instant from = instant(call, "from");
    if (from == null) {
      from = to.minus(defaultWindow);
      try {
        from.toEpochMilli();
      } catch (ArithmeticException e) {
        throw HttpException.badRequest("parameter 'to' (" + to + ") is too early for the default "
            + defaultWindow.toDays() + "-day window"
            + " (its 'from' would be before the earliest instant in epoch milliseconds); send 'from' too");
      }
    }
    if (!from.isBefore(to)) {
      throw HttpException.badRequest("parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    return new Window(from.toEpochMilli(), to.toEpochMilli());
  }

  /**
   * An ISO-8601 instant ({@code 2026-11-01T00:00:00Z}), date-time with offset, or date (midnight UTC);
   * null when absent. A {@code +} of an offset that arrived as a space (form encoding) is restored.
   */
  public static Instant instant(HttpCall call, String name) {
    String raw = call.query(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String value = raw.trim().replace(' ', '+');
    try {
      Instant parsed;
      if (value.length() == 10) {
        parsed = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else if (value.endsWith("Z") || value.endsWith("z")) {
        parsed = Instant.parse(value.toUpperCase(java.util.Locale.ROOT));
      } else {
        parsed = OffsetDateTime.parse(value).toInstant();
      }
      parsed.toEpochMilli(); // an instant beyond the epoch-millisecond range is refused here, not later with a 500
      return parsed;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw HttpException.badRequest("parameter '" + name + "' is not an ISO-8601 instant or date: '" + raw
          + "' (e.g. 2026-11-01T00:00:00Z or 2026-11-01)");
    }
  }

  static Page page(HttpCall call) {
    return page(call, DEFAULT_LIMIT, MAX_LIMIT);
  }

  /** {@code limit} in [1, {@code maxLimit}] defaulting to {@code defaultLimit}, {@code offset} from 0. */
  public static Page page(HttpCall call, int defaultLimit, int maxLimit) {
    int limit = integer(call, "limit", defaultLimit, 1, maxLimit);
    int offset = integer(call, "offset", 0, 0, Integer.MAX_VALUE);
    return new Page(limit, offset);
  }

  private static int integer(HttpCall call, String name, int fallback, int min, int max) {
    String raw = call.query(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below with the allowed range
    }
    throw HttpException.badRequest("parameter '" + name + "' must be an integer in [" + min + ", " + max
        + "], got '" + raw + "'");
  }
}
