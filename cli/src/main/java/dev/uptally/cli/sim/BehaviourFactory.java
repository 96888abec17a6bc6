package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/** Draws one device's identity and behaviour knobs. The shares below shape how interesting the demo fleet is. */
final class BehaviourFactory {

  private static final long MINUTE_MILLIS = 60_000;
  private static final String SERIAL_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

  private BehaviourFactory() {}

  static DeviceBehaviour create(ClientFleet client, DeviceClass cls, int index, SplittableRandom r) {
    List<HardwareModel> models = HardwareCatalog.models(cls);
    HardwareModel model = models.get(r.nextInt(models.size()));
    String deviceId = uuid(r);
    boolean sleeper = cls == DeviceClass.LAPTOP && r.nextDouble() < 0.7;
    return new DeviceBehaviour(deviceId, client.clientId(), cls, hostname(client.clientId(), cls, index),
        client.zone(), model, serial(r, 10), serial(r, 14), mac(r), "10." + r.nextInt(1, 250) + "."
            + r.nextInt(0, 250) + "." + r.nextInt(2, 250),
        crashesPerDay(cls, model, r), nightlyOff(cls, sleeper, r), sleeper,
        r.nextDouble() < 0.05 ? 1.0 : 0.05, cls == DeviceClass.LAPTOP ? 0.3 : 0.02, clockSkew(r),
        r.nextDouble() < 0.015 ? 0.5 + 0.45 * r.nextDouble() : null,
        cls == DeviceClass.SERVER ? 0.5 : 0.0, health(cls, r), r.nextLong());
  }

  /**
   * The new machine that replaces {@code old} under its hostname: a new device id, serials and knobs of its own
   * (possibly another model of the class), drawn from {@code old}'s seed; it does not die silently.
   */
  static DeviceBehaviour successor(ClientFleet client, DeviceBehaviour old) {
    DeviceBehaviour b = create(client, old.deviceClass(), 0, new SplittableRandom(old.seed() ^ 0x6E657721L));
    return new DeviceBehaviour(b.deviceId(), old.clientId(), old.deviceClass(), old.hostname(), old.zone(),
        b.hardware(), b.serial(), b.driveSerial(), b.mac(), old.ipv4(), b.crashesPerDay(), b.nightlyOffProbability(),
        b.sleeper(), b.agentGapsPerWeek(), b.networkLossesPerDay(), b.clockSkewMillis(), null,
        b.maintenanceRebootProbability(), b.health(), b.seed());
  }

  private static String hostname(String clientId, DeviceClass cls, int index) {
    String kind = switch (cls) {
      case SERVER -> "srv";
      case WORKSTATION -> "ws";
      case LAPTOP -> "lt";
    };
    return String.format(Locale.ROOT, "%s-%s-%03d", clientId, kind, index + 1);
  }

  private static double crashesPerDay(DeviceClass cls, HardwareModel model, SplittableRandom r) {
    double base = switch (cls) {
      case SERVER -> 0.004;
      case WORKSTATION -> 0.012;
      case LAPTOP -> 0.018;
    };
    double jitter = Math.exp(0.5 * gaussian(r));
    double flaky = r.nextDouble() < 0.03 ? 10 : 1;
    return base * model.crashFactor() * jitter * flaky;
  }

  private static double nightlyOff(DeviceClass cls, boolean sleeper, SplittableRandom r) {
    if (cls == DeviceClass.SERVER) {
      return 0;
    }
    if (cls == DeviceClass.LAPTOP) {
      return sleeper ? 0.85 : 0.3;
    }
    double u = r.nextDouble();
    return u < 0.25 ? 0.9 : u < 0.75 ? 0.2 : 0.02;
  }

  private static long clockSkew(SplittableRandom r) {
    long sign = r.nextBoolean() ? 1 : -1;
    if (r.nextDouble() < 0.08) {
      return sign * (2 * MINUTE_MILLIS + r.nextLong(13 * MINUTE_MILLIS));
    }
    return sign * r.nextLong(800);
  }

  private static DeviceBehaviour.HealthKnobs health(DeviceClass cls, SplittableRandom r) {
    double cpu = switch (cls) {
      case SERVER -> 0.15 + 0.45 * r.nextDouble();
      case WORKSTATION -> 0.05 + 0.25 * r.nextDouble();
      case LAPTOP -> 0.05 + 0.2 * r.nextDouble();
    };
    double hot = r.nextDouble() < 0.03 ? 30 : 3 * gaussian(r);
    double disk = r.nextDouble() < 0.04 ? 0.91 + 0.04 * r.nextDouble() : 0.2 + 0.55 * r.nextDouble();
    double fill = (cls == DeviceClass.SERVER ? 0.001 : 0.0005) + 0.002 * r.nextDouble();
    if (cls != DeviceClass.LAPTOP) {
      return new DeviceBehaviour.HealthKnobs(cpu, hot, disk, fill, null, null);
    }
    double battery = r.nextDouble() < 0.08 ? 0.42 + 0.16 * r.nextDouble() : 0.75 + 0.23 * r.nextDouble();
    int cycles = (int) ((1 - battery) * 1500) + r.nextInt(40);
    return new DeviceBehaviour.HealthKnobs(cpu, hot, disk, fill, battery, cycles);
  }

  private static String uuid(SplittableRandom r) {
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb).toString();
  }

  static String serial(SplittableRandom r, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(SERIAL_CHARS.charAt(r.nextInt(SERIAL_CHARS.length())));
    }
    return b.toString();
  }

  private static String mac(SplittableRandom r) {
    StringBuilder b = new StringBuilder("00:1a");
    for (int i = 0; i < 4; i++) {
      b.append(String.format(Locale.ROOT, ":%02x", r.nextInt(256)));
    }
    return b.toString();
  }

  /** Standard normal by Box–Muller; SplittableRandom has no nextGaussian on Java 17. */
  static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
