package dev.uptally.collector.report;

import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG column chart of the client's daily availability: one column per day, a dashed line at the
 * strictest class target, no script and no external reference. The vertical axis starts at a floor chosen so that
 * the worst day and the target are both visible.
 */
final class AvailabilityChart {

  private static final int WIDTH = 680;
  private static final int HEIGHT = 190;
  private static final int LEFT = 52;
  private static final int RIGHT = 8;
  private static final int TOP = 10;
  private static final int BOTTOM = 28;

  private AvailabilityChart() {}

  /** @param targetPercent dashed reference line, null for none */
  static String svg(List<MonthlyReport.DayRow> days, Double targetPercent) {
    double floor = floor(days, targetPercent);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double slot = plotW / Math.max(1, days.size());
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(HEIGHT).append("\" role=\"img\" aria-label=\"Daily availability\">");
    for (double level : levels(floor)) {
      double y = TOP + plotH * (1 - (level - floor) / (100 - floor));
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d5dd\" "
          + "stroke-width=\"0.6\"/><text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#475467\">"
          + "%s %%</text>", LEFT, WIDTH - RIGHT, y, y, LEFT - 4, y + 3.5, label(level)));
    }
    for (int i = 0; i < days.size(); i++) {
      MonthlyReport.DayRow d = days.get(i);
      double x = LEFT + i * slot + slot * 0.15;
      double w = slot * 0.7;
      if (d.availability() == null) {
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"2\" fill=\"#d0d5dd\">"
            + "<title>%s: no data</title></rect>", x, TOP + plotH - 2, w, d.date()));
      } else {
        double pct = Math.max(floor, d.availability() * 100);
        double h = Math.max(1, plotH * (pct - floor) / (100 - floor));
        boolean below = targetPercent != null && d.availability() * 100 < targetPercent;
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s: %s</title></rect>", x, TOP + plotH - h, w, h, below ? "#d92d20" : "#2e90fa", d.date(),
            ReportText.percent(d.availability())));
      }
      if (i % 5 == 0 || i == days.size() - 1) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
            + "fill=\"#475467\">%d</text>", x + w / 2, HEIGHT - 12, d.date().getDayOfMonth()));
      }
    }
    if (targetPercent != null && targetPercent > floor) {
      double y = TOP + plotH * (1 - (targetPercent - floor) / (100 - floor));
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#101828\" "
          + "stroke-width=\"1\" stroke-dasharray=\"4 3\"/>", LEFT, WIDTH - RIGHT, y, y));
    }
    b.append("</svg>");
    return b.toString();
  }

  /** A round floor below the worst day and the target, at most 99 %, at least 0 %. */
  static double floor(List<MonthlyReport.DayRow> days, Double targetPercent) {
    double min = targetPercent == null ? 100 : targetPercent;
    for (MonthlyReport.DayRow d : days) {
      if (d.availability() != null) {
        min = Math.min(min, d.availability() * 100);
      }
    }
    double f = Math.min(99, Math.floor(min) - (min - Math.floor(min) < 0.25 ? 1 : 0));
    if (f < 90) {
      f = Math.floor(f / 10) * 10;
    }
    return Math.max(0, f);
  }

  private static double[] levels(double floor) {
    double span = 100 - floor;
    double step = span <= 1 ? 0.25 : span <= 2 ? 0.5 : span <= 5 ? 1 : span <= 10 ? 2 : span <= 50 ? 10 : 25;
    int n = (int) Math.round(span / step);
    double[] out = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      out[i] = floor + i * step;
    }
    return out;
  }

  private static String label(double level) {
    return level == Math.rint(level) ? String.format(Locale.ROOT, "%.0f", level)
        : String.format(Locale.ROOT, "%.2f", level).replaceAll("0$", "");
  }
}
