package dev.uptally.collector.store.postgres;

import dev.uptally.collector.store.LeaseHeldException;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The exclusive lease of one collector on one PostgreSQL database: a session advisory lock ({@link #KEY}) held on a
 * connection of its own, outside the pool. PostgreSQL frees it when the session ends, so a collector killed with -9
 * (or whose host vanished, once TCP keepalive notices) never leaves a stale lease.
 *
 * <p>On top of the lock, an epoch in {@code collector_lease} fences writers: {@link #claim} bumps it, and every write
 * of the database checks it. If the lease session drops (a database restart, a network cut), a watchdog reconnects
 * and takes the lock again; if the epoch moved meanwhile, another collector took over, and {@link #onLost} runs.
 */
final class PostgresLease implements Lease {

  private static final System.Logger LOG = System.getLogger(PostgresLease.class.getName());
  /** The advisory lock key: "uptally" in ASCII. One lease per database. */
  static final long KEY = 0x0075_7074_616c_6c79L;
  private static final long WATCH_MILLIS = 2_000;
  private static final int UNLOCK_TIMEOUT_MILLIS = 5_000;

  private final Supplier<Connection> connect;
  private final String database;
  private final String holder;
  private final ScheduledExecutorService watchdog;
  private Connection session;
  private long epoch;
  private volatile Runnable lostAction = () -> { };
  private volatile boolean lost;
  private volatile boolean closed;

  private PostgresLease(Supplier<Connection> connect, String database, String holder, Connection session) {
    this.connect = connect;
    this.database = database;
    this.holder = holder;
    this.session = session;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "uptally-lease-watchdog");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Takes the advisory lock on a new session.
   *
   * @param connect opens a new session (not pooled)
   * @throws LeaseHeldException naming the database and the holder when another collector holds the lease
   */
  static PostgresLease acquire(Supplier<Connection> connect, String database, Clock clock) {
    String holder = "pid " + ProcessHandle.current().pid() + " on host " + hostName() + " since "
        + Instant.ofEpochMilli(clock.millis());
    Connection c = connect.get();
    try {
      if (!tryLock(c)) {
        String other = holderOf(c);
        c.close();
        throw new LeaseHeldException("the database " + database + " is in use by another collector (" + other
            + "): stop that collector first, give this one its own database, or set storage.standby: true to wait"
            + " as its standby; two collectors on one database overwrite each other's acknowledged progress");
      }
      return new PostgresLease(connect, database, holder, c);
    } catch (SQLException e) {
      closeAfter(c, e);
      throw new StoreException("lease: cannot take the advisory lock on " + database + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records this collector as the lease's holder with a new epoch (after the migrations created the table) and starts
   * the watchdog.
   *
   * @return the epoch every write must find
   */
  synchronized long claim(long nowMillis) {
    try (PreparedStatement ps = session.prepareStatement("INSERT INTO collector_lease (id, epoch, holder, since_ms)"
        + " VALUES (1, 1, ?, ?) ON CONFLICT (id) DO UPDATE SET epoch = collector_lease.epoch + 1,"
        + " holder = excluded.holder, since_ms = excluded.since_ms RETURNING epoch")) {
      ps.setString(1, holder);
      ps.setLong(2, nowMillis);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        epoch = rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("lease: cannot record the holder in " + database + ": " + e.getMessage(), e);
    }
    watchdog.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    return epoch;
  }

  /** The session on which the lock is held, for the migrations (which run before {@link #claim}). */
  Connection session() {
    return session;
  }

  @Override
  public void onLost(Runnable action) {
    this.lostAction = action;
    if (lost) {
      action.run();
    }
  }

  @Override
  public String holder() {
    return holder;
  }

  /** Checks the session; after a drop, reconnects and takes the lock again, unless another collector took over. */
  private synchronized void watch() {
    if (closed || lost) {
      return;
    }
    boolean valid;
    try {
      valid = session.isValid(2);
    } catch (SQLException e) {
      valid = false; // thrown only for a negative timeout
    }
    if (valid) {
      return;
    }
    closeAfter(session, null);
    Connection c;
    try {
      c = connect.get();
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.WARNING, "lease session on {0} dropped and cannot reconnect yet: {1}", database,
          e.getMessage());
      return; // the closed session stays: the next watch finds it invalid and tries again
    }
    session = c;
    try {
      long stored;
      boolean locked = tryLock(c);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT epoch FROM collector_lease WHERE id = 1")) {
        stored = rs.next() ? rs.getLong(1) : -1;
      }
      if (locked && stored == epoch) {
        LOG.log(System.Logger.Level.WARNING, "lease session on {0} dropped; reconnected and took the lease again",
            database);
        return;
      }
      lost = true;
      LOG.log(System.Logger.Level.ERROR, "lease on {0} lost to another collector (epoch {1}, ours {2}): this"
          + " collector stops writing", database, stored, epoch);
      Thread t = new Thread(lostAction, "uptally-lease-lost");
      t.setDaemon(true);
      t.start();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "lease session on {0}: cannot take the lock again yet: {1}", database,
          e.getMessage());
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** The holder recorded in the lease table and the session holding the lock, as far as they can be read. */
  private static String holderOf(Connection c) {
    StringBuilder out = new StringBuilder();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT holder FROM collector_lease WHERE id = 1")) {
      if (rs.next()) {
        out.append(rs.getString(1));
      }
    } catch (SQLException e) {
      out.append("holder not recorded");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT a.client_addr, a.backend_start FROM pg_locks l"
        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
        + " AND l.classid = ? AND l.objid = ? AND l.objsubid = 1")) {
      ps.setLong(1, KEY >>> 32);
      ps.setLong(2, KEY & 0xffff_ffffL);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          out.append("; its session from ").append(rs.getString(1) == null ? "a local socket" : rs.getString(1))
              .append(" since ").append(rs.getString(2));
        }
      }
    } catch (SQLException e) {
      out.append("; its session cannot be seen: ").append(e.getMessage());
    }
    return out.toString();
  }

  /**
   * Frees the lock on the session if it holds it. After a loss the session may or may not hold it (the watchdog
   * may have taken it again before finding the epoch moved), so the unlock is tried then too; it only answers false.
   */
  private void unlock() {
    try {
      if (session.isClosed()) {
        return; // a drop the watchdog could not reconnect after: the server ended that session and its lock
      }
      // bounded: a close must not hang on a server that stopped answering (the session is ended right after)
      session.setNetworkTimeout(Runnable::run, UNLOCK_TIMEOUT_MILLIS);
      if (!session.getAutoCommit()) {
        session.rollback(); // an unlock in an aborted transaction would fail
        session.setAutoCommit(true);
      }
      try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, KEY);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1) && !lost) {
            LOG.log(System.Logger.Level.WARNING, "lease on {0}: its session did not hold the lock at close",
                database);
          }
        }
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "lease on {0}: cannot free the lock before ending its session ({1});"
          + " the server frees it as the session ends", database, e.getMessage());
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }

  private static void closeAfter(Connection c, Exception cause) {
    try {
      c.close();
    } catch (SQLException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }

  /**
   * Stops the watchdog, frees the lock on its session, then ends the session. Idempotent.
   *
   * <p>The lock is freed explicitly ({@code pg_advisory_unlock}, answered once the server has let go of it) because
   * ending the session alone does not free it in time: the client's close returns when it has said goodbye, and the
   * server frees a session's advisory locks only as its backend exits, a moment later. A collector reopening the
   * database at once (a restart, the store tests) could find its own, closed lease still held and be refused.
   * Where the session is already broken the unlock cannot run; the server then frees the lock as it ends that
   * session, as after a kill.
   */
  @Override
  public void close() {
    watchdog.shutdownNow();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      unlock();
      try {
        session.close();
      } catch (SQLException e) {
        throw new StoreException("lease: cannot end the lease session on " + database + ": " + e.getMessage(), e);
      }
    }
  }
}
