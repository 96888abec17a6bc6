package dev.uptally.collector.fleet;

import dev.uptally.common.time.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Durable device state: identities, progress, newest health and inventory, closed intervals and reachability gaps.
 * Every write method returns only once its data is durable (the collector acknowledges a batch after that).
 * Implementations are thread-safe; writes from the ingest path go through {@link #commit(List)} in groups
 * ({@link GroupCommitter}), so one call covers many devices.
 *
 * <p>Implementations: SQLite and PostgreSQL ({@code dev.uptally.collector.store.*}), opened with the rest of the
 * storage and closed with it. {@code DeviceStoreContractTest} holds the behaviour every implementation must show.
 * Every failure is a {@link dev.uptally.collector.store.StoreException} naming the operation (the HTTP layer answers
 * 503).
 */
public interface DeviceStore {

  /** Every known device with its progress, newest health and inventory. */
  List<StoredDevice> loadDevices();

  /**
   * As {@link #loadDevices()}, each device passed through {@code keep} as soon as it is read (a restart builds the
   * fleet's compact snapshots there, so that the parsed records die young instead of all surviving until the load
   * ends). An implementation may call {@code keep} on several threads at once.
   */
  default <T> List<T> loadDevices(Function<? super StoredDevice, ? extends T> keep) {
    List<StoredDevice> all = loadDevices();
    List<T> kept = new ArrayList<>(all.size());
    for (StoredDevice d : all) {
      kept.add(keep.apply(d));
    }
    return kept;
  }

  /** Inserts or replaces a device's identity (enrollment, re-enrollment rotates the token hash). */
  void saveIdentity(DeviceIdentity identity);

  /**
   * Applies updates of many devices in one transaction, in list order (a later update of the same
   * device wins). Durable when it returns; on failure nothing of it is applied. Every device must have
   * a saved identity, else the whole commit fails. Re-committing a closed interval or an unreachable
   * range already stored does not duplicate it; an unreachable range is merged with the device's stored ranges it
   * overlaps or touches.
   */
  void commit(List<DeviceUpdate> updates);

  /** Stored intervals of a device that overlap {@code [fromMillis, toMillis)}, in start order (not clipped). */
  List<TimelineInterval> intervals(String deviceId, long fromMillis, long toMillis);

  /**
   * Reachability gaps of a device that overlap {@code [fromMillis, toMillis)}, in start order. Gaps that overlap or
   * touch are stored merged, so they come back as one (a spool replay is one gap, however many requests it took).
   */
  List<TimeRange> unreachable(String deviceId, long fromMillis, long toMillis);

  /**
   * A device's durable progress and its stored intervals overlapping {@code [fromMillis, toMillis)}, read in one
   * snapshot so that the two agree (a commit in flight is in neither). A device without progress has
   * {@link DeviceProgress#NONE}.
   */
  DeviceHistory history(String deviceId, long fromMillis, long toMillis);
}
