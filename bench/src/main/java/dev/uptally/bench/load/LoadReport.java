package dev.uptally.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a load run: latency percentiles (from the time a request was due, so a stalled collector shows as
 * latency rather than as fewer requests), throughput, and failures by HTTP status (0: no answer).
 *
 * @param busySkips ticks skipped because the device's previous request had not been answered yet
 */
record LoadReport(LoadOptions options, MachineInfo machine, Instant started, Duration elapsed, long requests,
    Map<Integer, Long> errorsByStatus, long busySkips, Histogram latencyMicros) {

  static final String MARKDOWN_HEADER = """
      | date (UTC) | devices | interval s | batch | duration s | requests | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms \
      | max ms | errors | machine |
      |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
      """;

  LoadReport {
    errorsByStatus = Map.copyOf(errorsByStatus);
  }

  double requestsPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : requests / s;
  }

  double percentileMillis(double p) {
    return latencyMicros.getValueAtPercentile(p) / 1000.0;
  }

  String errors() {
    if (errorsByStatus.isEmpty()) {
      return "none";
    }
    return errorsByStatus.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> (e.getKey() == 0 ? "no answer" : e.getKey().toString()) + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  void print(PrintStream out) {
    out.printf(Locale.ROOT, "%d devices, one batch of %d every %d s, %.1f s: %,d requests answered 200, %.1f req/s"
        + " (%,.0f samples/s)%n", options.devices(), options.batch(), options.intervalSeconds(),
        elapsed.toMillis() / 1e3, requests, requestsPerSecond(), requestsPerSecond() * options.batch());
    out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f (%,d samples)%n",
        percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(99.9),
        latencyMicros.getMaxValue() / 1000.0, latencyMicros.getTotalCount());
    out.println("errors: " + errors() + (busySkips > 0 ? "; ticks skipped while a device waited: " + busySkips : ""));
    out.println("machine: " + machine.describe());
  }

  String markdownRow() {
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s |%n",
        started.toString().substring(0, 19).replace('T', ' '), options.devices(), options.intervalSeconds(),
        options.batch(), options.durationSeconds(), requests, requestsPerSecond(), percentileMillis(50),
        percentileMillis(90), percentileMillis(99), percentileMillis(99.9), latencyMicros.getMaxValue() / 1000.0,
        errors() + (busySkips > 0 ? " (" + busySkips + " busy skips)" : ""), machine.describe());
  }

  /** Appends the row to a markdown file, writing the table header first when the file is new or empty. */
  void appendTo(Path file) throws IOException {
    boolean fresh = !Files.exists(file) || Files.size(file) == 0;
    String text = (fresh ? MARKDOWN_HEADER : "") + markdownRow();
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
