package dev.uptally.collector.metrics;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One per-device metric family: its base name (without {@code _total} or {@code _info}), type, unit and help, and
 * the labels it has besides the device's own. Renders its metadata lines for both text formats once.
 *
 * @param unit null when the family has none
 * @param extraLabels labels besides {@code device}, {@code client}, {@code class}
 */
record FleetFamily(String name, MetricType type, Unit unit, String help, List<String> extraLabels) {

  static final List<String> DEVICE_LABELS = List.of("device", "client", "class");

  FleetFamily {
    if (type != MetricType.COUNTER && type != MetricType.GAUGE && type != MetricType.INFO) {
      throw new IllegalArgumentException("fleet family " + name + " has unsupported type " + type);
    }
    if (help.contains("\\") || help.contains("\n") || help.contains("\"")) {
      throw new IllegalArgumentException("help of fleet family " + name + " must not need escaping: " + help);
    }
    extraLabels = List.copyOf(extraLabels);
  }

  static FleetFamily gauge(String name, Unit unit, String help, String... extraLabels) {
    return new FleetFamily(name, MetricType.GAUGE, unit, help, List.of(extraLabels));
  }

  static FleetFamily counter(String name, Unit unit, String help, String... extraLabels) {
    return new FleetFamily(name, MetricType.COUNTER, unit, help, List.of(extraLabels));
  }

  static FleetFamily info(String name, String help, String... extraLabels) {
    return new FleetFamily(name, MetricType.INFO, null, help, List.of(extraLabels));
  }

  /** The name on sample lines: counters end in {@code _total}, info metrics in {@code _info}. */
  String sampleName() {
    return switch (type) {
      case COUNTER -> name + "_total";
      case INFO -> name + "_info";
      default -> name;
    };
  }

  /**
   * Prometheus text 0.0.4 names HELP and TYPE after the sample name and has no info type (an info metric is a
   * gauge there); OpenMetrics uses the base name, types {@code info}, and adds UNIT.
   */
  byte[] header(boolean openMetrics) {
    StringBuilder s = new StringBuilder(160);
    if (openMetrics) {
      s.append("# TYPE ").append(name).append(' ').append(typeName(true)).append('\n');
      if (unit != null) {
        s.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
      }
      s.append("# HELP ").append(name).append(' ').append(help).append('\n');
    } else {
      s.append("# HELP ").append(sampleName()).append(' ').append(help).append('\n');
      s.append("# TYPE ").append(sampleName()).append(' ').append(typeName(false)).append('\n');
    }
    return ExpositionBuffer.ascii(s.toString());
  }

  private String typeName(boolean openMetrics) {
    return switch (type) {
      case COUNTER -> "counter";
      case INFO -> openMetrics ? "info" : "gauge";
      default -> "gauge";
    };
  }

  /** For the registry, which then refuses any other metric with a clashing name. */
  MetricFamilyDescriptor descriptor() {
    Set<String> labels = new HashSet<>(DEVICE_LABELS);
    labels.addAll(extraLabels);
    return MetricFamilyDescriptor.of(type, new MetricMetadata(name, help, unit), labels);
  }
}
