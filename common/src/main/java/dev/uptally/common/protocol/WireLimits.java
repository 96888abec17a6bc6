package dev.uptally.common.protocol;

/**
 * The bounds the collector enforces on wire values (answering {@code 400} naming the field beyond them), in one
 * place so that the agent can keep what it sends inside them. Every bound is far above what a real machine
 * reports and low enough that one enrollment cannot make the collector hold more than about 150 KB for a device.
 */
public final class WireLimits {

  /** {@code seq}, {@code droppedSamples}: below 2<sup>53</sup>, 285 million years of one sample a second. */
  public static final long MAX_SEQ = (1L << 53) - 1;
  /** Every epoch-millisecond time ({@code time}, {@code bootTime}, {@code sleptFrom}, {@code sleptUntil},
   * {@code sentAt}) lies in [0, 9999-12-31T23:59:59.999Z], so that differences and skew shifts cannot overflow. */
  public static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;
  /** Hostnames are cut to the DNS maximum. */
  public static final int MAX_HOSTNAME_CHARS = 253;
  public static final int MAX_TAGS = 32;
  public static final int MAX_TAG_KEY_CHARS = 64;
  public static final int MAX_TAG_VALUE_CHARS = 256;
  /** Inventory and health strings (models, serials, interface names, mounts, versions). */
  public static final int MAX_TEXT_CHARS = 256;
  /** A mount point is a path. */
  public static final int MAX_MOUNT_CHARS = 1024;
  public static final int MAX_DRIVES = 256;
  public static final int MAX_NETWORK_INTERFACES = 256;
  public static final int MAX_IPV4_PER_INTERFACE = 16;
  public static final int MAX_DISKS = 256;
  public static final int MAX_FANS = 64;
  /** Physical range of a temperature sensor, °C. */
  public static final double MIN_TEMPERATURE_C = -50;
  public static final double MAX_TEMPERATURE_C = 150;
  /** A battery's full-charge capacity over its design capacity: new cells read slightly above 1. */
  public static final double MAX_BATTERY_HEALTH_RATIO = 2;
  public static final int MAX_FAN_RPM = 100_000;

  private WireLimits() {}
}
