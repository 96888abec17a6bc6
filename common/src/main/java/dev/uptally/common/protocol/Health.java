package dev.uptally.common.protocol;

import java.util.List;

/**
 * Hardware health at one sample. Any field may be null where the platform cannot read it.
 *
 * @param battery null on machines without a battery
 * @param onBattery true while running from battery power
 */
public record Health(Cpu cpu, Memory memory, List<Disk> disks, Battery battery, List<Integer> fansRpm, Boolean onBattery) {

  public Health {
    disks = Copies.list(disks);
    fansRpm = Copies.list(fansRpm);
  }

  /** @param usage 0..1 over the last interval; @param temperatureC package temperature in °C */
  public record Cpu(Double usage, Double load1, Double temperatureC) {}

  public record Memory(Long totalBytes, Long availableBytes, Long swapTotalBytes, Long swapUsedBytes) {}

  public record Disk(String mount, Long totalBytes, Long freeBytes) {

    /** Used fraction 0..1, or null when a size is unknown or zero. */
    public Double usedRatio() {
      if (totalBytes == null || freeBytes == null || totalBytes <= 0) {
        return null;
      }
      return (double) (totalBytes - freeBytes) / totalBytes;
    }
  }

  /** @param percent 0..100 charge; @param healthRatio full-charge capacity / design capacity (0..1+) */
  public record Battery(Double percent, Boolean charging, Double healthRatio, Integer cycles) {}
}
