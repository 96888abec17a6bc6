package dev.uptally.collector.http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Query parameters of the contract routes that take lists of names, and the choice between JSON and CSV. */
final class ContractParams {

  static final Set<String> FORMAT = Set.of("format");

  private ContractParams() {}

  /**
   * The values of a parameter that may be repeated or hold a comma list ({@code priority=P1,P2&priority=P3}); empty
   * when absent, which means "all".
   *
   * @throws HttpException 400 naming a value not in {@code allowed} and listing the allowed ones
   */
  static Set<String> anyOf(HttpCall call, String name, List<String> allowed) {
    List<String> raw = call.query().get(name);
    Set<String> out = new LinkedHashSet<>();
    if (raw == null) {
      return out;
    }
    for (String value : raw) {
      for (String part : value.split(",")) {
        String v = part.trim();
        if (v.isEmpty()) {
          continue;
        }
        if (!allowed.contains(v)) {
          throw HttpException.badRequest("parameter '" + name + "' must be one of " + String.join(", ", allowed)
              + ", got '" + v + "'");
        }
        out.add(v);
      }
    }
    return out;
  }

  /** {@code format=csv}, or {@code Accept: text/csv} without a {@code format}; {@code format=json} is the default. */
  static boolean wantsCsv(HttpCall call) {
    String format = call.query("format");
    if (format != null && !format.isBlank()) {
      String f = format.trim().toLowerCase(Locale.ROOT);
      if (!f.equals("csv") && !f.equals("json")) {
        throw HttpException.badRequest("parameter 'format' must be json or csv, got '" + format + "'");
      }
      return f.equals("csv");
    }
    String accept = call.header("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }
}
