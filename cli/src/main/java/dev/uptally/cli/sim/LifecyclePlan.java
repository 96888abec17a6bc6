package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.Inventory;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When one simulated machine's hardware reaches the end of its life ({@link LifecycleOptions}): its drive failures,
 * and at most one end — a breakdown (laptops) or a decommissioning — whichever comes first. Drawn from the device's
 * seed on a stream of its own, so a fleet with lifecycle behaves exactly as without it until the first such event.
 * Not thread-safe (one per device simulation).
 */
final class LifecyclePlan {

  /** How a machine's service ended. */
  enum End { BREAKDOWN, DECOMMISSION }

  /** A fleet without lifecycle events. */
  static final LifecyclePlan NONE = new LifecyclePlan();

  private static final long SALT = 0x6C696665L; // "life"

  private final SplittableRandom random;
  private final double driveFailuresPerDay;
  private final List<HardwareModel> models;
  private long driveFailureAt = Long.MAX_VALUE;
  private final long endAt;
  private final End end;

  private LifecyclePlan() {
    random = null;
    driveFailuresPerDay = 0;
    models = List.of();
    endAt = Long.MAX_VALUE;
    end = null;
  }

  /** @param startMillis true time the device's simulation starts; events are drawn from then on */
  LifecyclePlan(DeviceBehaviour device, LifecycleOptions options, long startMillis) {
    random = new SplittableRandom(device.seed() ^ SALT);
    driveFailuresPerDay = options.driveFailuresPerDay();
    models = HardwareCatalog.models(device.deviceClass());
    driveFailureAt = poisson(startMillis, driveFailuresPerDay);
    long breakdown = device.deviceClass() == DeviceClass.LAPTOP
        ? poisson(startMillis, options.laptopBreakdownsPerDay()) : Long.MAX_VALUE;
    long decommission = device.deviceClass() != DeviceClass.SERVER
        ? poisson(startMillis, options.decommissionsPerDay()) : Long.MAX_VALUE;
    endAt = Math.min(breakdown, decommission);
    end = endAt == Long.MAX_VALUE ? null : breakdown <= decommission ? End.BREAKDOWN : End.DECOMMISSION;
  }

  /** When the drive fitted now fails, {@link Long#MAX_VALUE} for never. */
  long driveFailureAt() {
    return driveFailureAt;
  }

  /** A drive failed at {@code atMillis}: the next failure of its replacement is drawn from then. */
  void driveFailed(long atMillis) {
    driveFailureAt = poisson(atMillis, driveFailuresPerDay);
  }

  /** How the machine's service ends; null when it does not. */
  End end() {
    return end;
  }

  /** When it ends, {@link Long#MAX_VALUE} for never. */
  long endAt() {
    return endAt;
  }

  /** From the drive's failure to the boot with its replacement: the same or the next working day. */
  long repairMillis() {
    return 4 * EpisodePlanner.HOUR_MILLIS + random.nextLong(26 * EpisodePlanner.HOUR_MILLIS);
  }

  /** From a breakdown to the replacement machine's first boot (and the old one's retirement): 20–72 h. */
  long replacementDelayMillis() {
    return 20 * EpisodePlanner.HOUR_MILLIS + random.nextLong(52 * EpisodePlanner.HOUR_MILLIS);
  }

  /** The drive a technician fits for {@code failed}: the same size, 60 % the same model, else another of the class. */
  Inventory.Drive replacementFor(Inventory.Drive failed) {
    String model = failed.model();
    if (random.nextDouble() >= 0.6) {
      List<String> others = models.stream().map(HardwareModel::driveModel).filter(m -> !m.equals(failed.model()))
          .distinct().toList();
      if (!others.isEmpty()) {
        model = others.get(random.nextInt(others.size()));
      }
    }
    return new Inventory.Drive(model, BehaviourFactory.serial(random, 14), failed.sizeBytes());
  }

  private long poisson(long fromMillis, double perDay) {
    if (perDay <= 0) {
      return Long.MAX_VALUE;
    }
    double days = -Math.log(1 - random.nextDouble()) / perDay;
    return days > 365 * 100 ? Long.MAX_VALUE : fromMillis + 1 + (long) (days * EpisodePlanner.DAY_MILLIS);
  }
}
