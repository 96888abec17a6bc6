package dev.uptally.collector.lifecycle;

import dev.uptally.collector.audit.AuditEntry;
import dev.uptally.collector.fleet.TimedInventory;
import java.util.List;
import java.util.Map;

/**
 * Durable lifecycle data beside the device store: each device's inventory history (appended by the device commit
 * when an inventory changes the board or the drives, see {@code DeviceStore#commit}) and the operators' corrections
 * of hardware changes. Implementations: SQLite and PostgreSQL; {@code LifecycleStoreContractTest} holds the behaviour.
 * Failures are {@link dev.uptally.collector.store.StoreException}s naming the operation.
 */
public interface LifecycleStore {

  /** The device's inventory history, oldest first; empty for an unknown device. */
  List<TimedInventory> inventories(String deviceId);

  /** Every device's inventory history (device id → oldest first), for fleet-wide lifetimes. */
  Map<String, List<TimedInventory>> allInventories();

  /** Corrections by change id, of one device ({@code deviceId}) or of all ({@code null}). */
  Map<String, Correction> corrections(String deviceId);

  /**
   * Inserts or replaces the correction of its change, with the operator's audit row in the same transaction; durable
   * when it returns, neither stored when it throws.
   */
  void saveCorrection(Correction correction, AuditEntry audit);
}
