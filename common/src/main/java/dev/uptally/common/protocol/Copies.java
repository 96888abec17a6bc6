package dev.uptally.common.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable copies for the wire records that keep null entries. {@code List.copyOf} would throw a
 * NullPointerException while Jackson builds the record, and a body such as {@code "samples": [null]} would be
 * answered with that exception's text instead of a message naming {@code samples[0]}: the records take what was
 * sent, and the receiving side's validation names the null entry.
 */
final class Copies {

  private Copies() {}

  /**
   * One entry (a machine's one disk, drive, network interface, address: the common case) is a singleton list, a
   * quarter of the size of a wrapped copy; a collector keeps several per device (bench/results/fleet-scale.md).
   */
  static <T> List<T> list(List<T> values) {
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    if (values.size() == 1) {
      return Collections.singletonList(values.get(0));
    }
    return Collections.unmodifiableList(new ArrayList<>(values));
  }

  static <K, V> Map<K, V> map(Map<K, V> values) {
    return values == null || values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
