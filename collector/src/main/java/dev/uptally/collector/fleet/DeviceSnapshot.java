package dev.uptally.collector.fleet;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import java.util.Objects;

/**
 * An immutable picture of one device, published by its shard after every change so that readers (API,
 * metrics, reports) never touch shard state. Live state is derived with the reader's clock.
 *
 * <p>A million of these live for the life of the process, so health and inventory are kept {@link Packed} and
 * rebuilt on each call of {@link #health()} and {@link #inventory()}: a reader that needs a value twice keeps it.
 * Equality is by value, as it was when this was a record.
 */
public final class DeviceSnapshot {

  private final DeviceIdentity identity;
  private final DeviceProgress progress;
  private final byte[] health;
  private final byte[] inventory;
  private final long lastReceivedMillis;

  /**
   * @param health newest health, may be null
   * @param inventory newest inventory, may be null
   * @param lastReceivedMillis collector clock when the newest batch arrived, 0 if none
   */
  public DeviceSnapshot(DeviceIdentity identity, DeviceProgress progress, Health health, Inventory inventory,
      long lastReceivedMillis) {
    this(identity, progress, Packed.health(health), Packed.inventory(inventory), lastReceivedMillis);
  }

  private DeviceSnapshot(DeviceIdentity identity, DeviceProgress progress, byte[] health, byte[] inventory,
      long lastReceivedMillis) {
    this.identity = identity;
    this.progress = progress;
    this.health = health;
    this.inventory = inventory;
    this.lastReceivedMillis = lastReceivedMillis;
  }

  public DeviceIdentity identity() {
    return identity;
  }

  public DeviceProgress progress() {
    return progress;
  }

  /** Newest health, null if none was received; a new copy on each call. */
  public Health health() {
    return Packed.health(health);
  }

  /** Newest inventory, null if none was received; a new copy on each call. */
  public Inventory inventory() {
    return Packed.inventory(inventory);
  }

  public long lastReceivedMillis() {
    return lastReceivedMillis;
  }

  public String deviceId() {
    return identity.deviceId();
  }

  /** This device with new progress; health and inventory replaced where not null. */
  DeviceSnapshot with(DeviceProgress p, Health h, Inventory inv, long received) {
    return new DeviceSnapshot(identity, p, h == null ? health : Packed.health(h),
        inv == null ? inventory : Packed.inventory(inv), received);
  }

  /** This device with another identity (re-enrollment); inventory replaced where not null. */
  DeviceSnapshot withIdentity(DeviceIdentity id, Inventory inv) {
    return new DeviceSnapshot(id, progress, health, inv == null ? inventory : Packed.inventory(inv),
        lastReceivedMillis);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceSnapshot && equalTo((DeviceSnapshot) o);
  }

  private boolean equalTo(DeviceSnapshot s) {
    return lastReceivedMillis == s.lastReceivedMillis && identity.equals(s.identity) && progress.equals(s.progress)
        && Objects.equals(health(), s.health()) && Objects.equals(inventory(), s.inventory());
  }

  @Override
  public int hashCode() {
    return Objects.hash(identity, progress, health(), inventory(), lastReceivedMillis);
  }

  @Override
  public String toString() {
    return "DeviceSnapshot[identity=" + identity + ", progress=" + progress + ", health=" + health()
        + ", inventory=" + inventory() + ", lastReceivedMillis=" + lastReceivedMillis + "]";
  }
}
