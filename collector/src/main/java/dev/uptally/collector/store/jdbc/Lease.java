package dev.uptally.collector.store.jdbc;

/**
 * A collector's exclusive lease on its database, held from before the first read until {@link #close()}. SQLite's (an
 * OS lock) is never lost while the process lives; PostgreSQL's (a session advisory lock) can be, when the database
 * drops the session and another collector takes the lease before this one reconnects: then {@link #onLost} runs and
 * every later write is refused.
 */
public interface Lease extends AutoCloseable {

  /** Runs {@code action} once, on another thread, if the lease is lost to another collector. */
  void onLost(Runnable action);

  /** Who holds it: this process, for messages. */
  String holder();

  @Override
  void close();
}
