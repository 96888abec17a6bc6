package dev.uptally.collector.metrics;

import dev.uptally.common.device.DeviceClass;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which device classes get per-device health gauges (CPU, memory, disk free per mount, temperature, battery): the
 * cardinality control of issue 5. The default is servers only, so a fleet of laptops adds no health series; the
 * dashboard shows every device's health either way. Immutable.
 *
 * <p>Until the configuration has a key for it ({@code metrics.healthSeries}, planned), the collector reads the
 * system property {@value #PROPERTY}: {@code none}, {@code all}, or a comma-separated list of classes such as
 * {@code server,workstation}.
 */
public record HealthSeries(Set<DeviceClass> classes) {

  public static final String PROPERTY = "uptally.metrics.healthSeries";
  public static final HealthSeries SERVERS = new HealthSeries(EnumSet.of(DeviceClass.SERVER));
  public static final HealthSeries NONE = new HealthSeries(EnumSet.noneOf(DeviceClass.class));
  public static final HealthSeries ALL = new HealthSeries(EnumSet.allOf(DeviceClass.class));

  public HealthSeries {
    classes = classes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(classes));
  }

  public boolean includes(DeviceClass deviceClass) {
    return classes.contains(deviceClass);
  }

  /** From the system property {@value #PROPERTY}; {@link #SERVERS} when it is not set. */
  public static HealthSeries fromSystemProperty() {
    return parse(System.getProperty(PROPERTY));
  }

  /**
   * @param value {@code none}, {@code all} or class names separated by commas; null or blank means the default
   * @throws IllegalArgumentException naming the property and the value that is not a class
   */
  public static HealthSeries parse(String value) {
    if (value == null || value.isBlank()) {
      return SERVERS;
    }
    String v = value.trim();
    if (v.equals("none")) {
      return NONE;
    }
    if (v.equals("all")) {
      return ALL;
    }
    EnumSet<DeviceClass> classes = EnumSet.noneOf(DeviceClass.class);
    for (String part : v.split(",")) {
      try {
        classes.add(DeviceClass.fromWire(part.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": " + e.getMessage()
            + ", or 'all' or 'none'", e);
      }
    }
    return new HealthSeries(classes);
  }
}
