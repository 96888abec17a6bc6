package dev.uptally.config;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${NAME}} and {@code ${NAME:-default}} in scalar values, from a given environment. */
final class EnvSubstitution {

  private static final Pattern REFERENCE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?", Pattern.DOTALL);

  private EnvSubstitution() {}

  /**
   * The text with every reference replaced; null after reporting a missing variable or a malformed
   * reference (the value is never echoed: it may be a secret once substituted).
   */
  static String apply(String text, Map<String, String> env, Consumer<String> problems) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    boolean ok = true;
    while (at < text.length()) {
      int open = text.indexOf("${", at);
      if (open < 0) {
        out.append(text, at, text.length());
        break;
      }
      out.append(text, at, open);
      int close = text.indexOf('}', open + 2);
      Matcher m = close < 0 ? null : REFERENCE.matcher(text.substring(open + 2, close));
      if (m == null || !m.matches()) {
        problems.accept("malformed environment reference (expected ${NAME} or ${NAME:-default})");
        return null;
      }
      String value = env.get(m.group(1));
      if (value == null || (value.isEmpty() && m.group(2) != null)) {
        value = m.group(2);
      }
      if (value == null) {
        problems.accept("environment variable " + m.group(1) + " is not set");
        ok = false;
      } else {
        out.append(value);
      }
      at = close + 1;
    }
    return ok ? out.toString() : null;
  }
}
