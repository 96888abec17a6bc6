package dev.uptally.collector.csv;

import java.math.BigDecimal;
import java.util.List;

/**
 * CSV lines as RFC 4180 has them (CRLF line ends; a field with a comma, quote or line break in double quotes, quotes
 * doubled) and safe to open in a spreadsheet: a text cell starting with {@code = + - @}, a tab or a carriage return
 * is prefixed with {@code '} so that it is not run as a formula (a hostname or note is whatever an agent or operator
 * sent). The monthly report's CSV and the API's CSV lists write their cells through here.
 */
public final class CsvLines {

  private CsvLines() {}

  /** Appends one line of {@code cells} (null is an empty cell) and its CRLF. */
  public static void append(StringBuilder out, List<?> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
  }

  /** One field: numbers and booleans as they are (a BigDecimal in plain notation), text quoted and defused. */
  public static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String s = value.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
