package dev.uptally.collector.report;

import dev.uptally.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The renderings of a {@link MonthlyReport}: JSON (the model as is), CSV (one section per table), HTML (print-ready). */
public enum ReportFormat {
  JSON("application/json", "json"),
  CSV("text/csv; charset=utf-8", "csv"),
  HTML("text/html; charset=utf-8", "html");

  private final String contentType;
  private final String extension;

  ReportFormat(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return extension;
  }

  /** {@code uptally-<client>-<YYYY-MM>.<ext>}. */
  public String fileName(MonthlyReport report) {
    return "uptally-" + report.clientId().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + report.month() + "." + extension;
  }

  public byte[] render(MonthlyReport report) {
    return switch (this) {
      case JSON -> Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
      case CSV -> ReportCsv.render(report).getBytes(StandardCharsets.UTF_8);
      case HTML -> ReportHtml.render(report).getBytes(StandardCharsets.UTF_8);
    };
  }

  /** @throws IllegalArgumentException naming the value when it is not json, csv or html */
  public static ReportFormat fromName(String name) {
    for (ReportFormat f : values()) {
      if (f.extension.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("format must be json, csv or html, got '" + name + "'");
  }
}
