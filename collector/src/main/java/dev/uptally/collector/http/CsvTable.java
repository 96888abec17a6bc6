package dev.uptally.collector.http;

import dev.uptally.collector.csv.CsvLines;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rows as CSV (RFC 4180: CRLF line ends, a field with a comma, quote or line break in double quotes, quotes doubled),
 * header row first. A text cell starting with {@code = + - @}, a tab or a carriage return is prefixed with {@code '}
 * so that a spreadsheet does not run it as a formula (a hostname or note is whatever an agent or operator sent).
 */
final class CsvTable {

  static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private CsvTable() {}

  /** @param columns header name → the cell of a row (null is an empty cell) */
  static <T> byte[] render(List<T> rows, Map<String, Function<T, Object>> columns) {
    StringBuilder out = new StringBuilder(128 + rows.size() * 160);
    line(out, List.copyOf(columns.keySet()));
    List<Function<T, Object>> cells = List.copyOf(columns.values());
    for (T row : rows) {
      line(out, cells.stream().map(c -> c.apply(row)).toList());
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A 200 with the CSV as an attachment named {@code fileName} (only {@code [A-Za-z0-9._-]} is kept). */
  static <T> HttpReply reply(List<T> rows, Map<String, Function<T, Object>> columns, String fileName) {
    String safe = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
    return new HttpReply(200, CONTENT_TYPE, render(rows, columns), Map.of())
        .withHeader("Content-Disposition", "attachment; filename=\"" + safe + "\"");
  }

  private static void line(StringBuilder out, List<?> cells) {
    CsvLines.append(out, cells);
  }
}
