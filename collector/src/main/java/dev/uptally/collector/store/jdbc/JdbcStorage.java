package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.audit.AuditStore;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.incident.ContractStore;
import dev.uptally.collector.lifecycle.LifecycleStore;
import dev.uptally.collector.notify.DeliveryLog;

/**
 * A collector's storage on one database: the device store, the contract store, the webhook delivery log, the lifecycle
 * store and the audit log, sharing
 * the database's connections, and the exclusive lease when one is held. {@link #close()} closes the connections,
 * then releases the lease. Thread-safe.
 */
public final class JdbcStorage implements AutoCloseable {

  private final Database db;
  /** Null when opened without a lease (tools and tests beside a collector). */
  private final Lease lease;
  private final JdbcDeviceStore devices;
  private final JdbcContractStore contracts;
  private final JdbcDeliveryLog deliveries;
  private final JdbcLifecycleStore lifecycle;
  private final JdbcAuditStore audit;

  public JdbcStorage(Database db, Lease lease) {
    this.db = db;
    this.lease = lease;
    this.devices = new JdbcDeviceStore(db);
    this.contracts = new JdbcContractStore(db);
    this.deliveries = new JdbcDeliveryLog(db);
    this.lifecycle = new JdbcLifecycleStore(db);
    this.audit = new JdbcAuditStore(db);
  }

  public LifecycleStore lifecycle() {
    return lifecycle;
  }

  public AuditStore audit() {
    return audit;
  }

  public DeviceStore devices() {
    return devices;
  }

  public ContractStore contracts() {
    return contracts;
  }

  public DeliveryLog deliveries() {
    return deliveries;
  }

  /**
   * Runs {@code action} once if the lease is lost to another collector (PostgreSQL only; every later write is then
   * refused). Nothing when opened without a lease.
   */
  public void onLeaseLost(Runnable action) {
    if (lease != null) {
      lease.onLost(action);
    }
  }

  public Database database() {
    return db;
  }

  /** Where the data lives: a file, or a URL without credentials. */
  public String name() {
    return db.name();
  }

  /** Closes every connection, then releases the lease if held. Idempotent. */
  @Override
  public void close() {
    try {
      db.close();
    } finally {
      if (lease != null) {
        lease.close();
      }
    }
  }
}
