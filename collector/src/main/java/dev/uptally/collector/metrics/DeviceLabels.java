package dev.uptally.collector.metrics;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each device's label set rendered once as escaped UTF-8 bytes, {@code class="…",client="…",device="…"} (names in
 * order, as the client library writes them), plus the extra labels of {@code uptally_device_info} ({@code hostname},
 * {@code model}, {@code os}: kept off the other series so a renamed host changes one series, not twenty). An
 * entry is rebuilt only when one of its values changes; entries of devices no longer in the fleet are dropped.
 * Thread-safe (concurrent scrapes may render the same entry twice; both results are equal).
 */
final class DeviceLabels {

  private final ConcurrentHashMap<String, Rendered> cache = new ConcurrentHashMap<>();

  /** The rendered labels of each device, in the order given. */
  Rendered[] resolve(List<DeviceMetrics> devices) {
    Rendered[] out = new Rendered[devices.size()];
    for (int i = 0; i < out.length; i++) {
      DeviceMetrics d = devices.get(i);
      Rendered r = cache.get(d.deviceId());
      if (r == null || !r.matches(d)) {
        r = Rendered.of(d);
        cache.put(d.deviceId(), r);
      }
      out[i] = r;
    }
    if (cache.size() > out.length) {
      Set<String> current = new HashSet<>(out.length * 2);
      for (DeviceMetrics d : devices) {
        current.add(d.deviceId());
      }
      cache.keySet().retainAll(current);
    }
    return out;
  }

  int cached() {
    return cache.size();
  }

  /** Appends {@code s} as a label value: UTF-8 with backslash, double quote and newline escaped (both formats). */
  static void appendEscaped(ExpositionBuffer out, String s) {
    if (s == null) {
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int from = 0;
    for (int i = 0; i < utf8.length; i++) {
      byte b = utf8[i];
      if (b == '\\' || b == '"' || b == '\n') {
        out.write(utf8, from, i - from);
        out.write('\\');
        out.write(b == '\n' ? 'n' : b);
        from = i + 1;
      }
    }
    out.write(utf8, from, utf8.length - from);
  }

  /** @param labels the three device labels; @param infoLabels {@code ,hostname="…",model="…",os="…"} */
  record Rendered(String clientId, String hostname, String deviceClass, String model, String os, byte[] labels,
      byte[] infoLabels) {

    static Rendered of(DeviceMetrics d) {
      ExpositionBuffer b = new ExpositionBuffer(128);
      label(b, "class=\"", d.deviceClass());
      label(b, ",client=\"", d.clientId());
      label(b, ",device=\"", d.deviceId());
      ExpositionBuffer info = new ExpositionBuffer(64);
      label(info, ",hostname=\"", d.hostname());
      label(info, ",model=\"", d.model());
      label(info, ",os=\"", d.os());
      return new Rendered(d.clientId(), d.hostname(), d.deviceClass(), d.model(), d.os(), b.toByteArray(),
          info.toByteArray());
    }

    private static void label(ExpositionBuffer b, String nameEqualsQuote, String value) {
      b.append(ExpositionBuffer.ascii(nameEqualsQuote));
      appendEscaped(b, value);
      b.write('"');
    }

    boolean matches(DeviceMetrics d) {
      return Objects.equals(clientId, d.clientId()) && Objects.equals(hostname, d.hostname())
          && Objects.equals(deviceClass, d.deviceClass()) && Objects.equals(model, d.model())
          && Objects.equals(os, d.os());
    }
  }
}
