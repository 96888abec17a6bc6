package dev.uptally.collector.store.sqlite;

import dev.uptally.collector.store.LeaseHeldException;
import dev.uptally.collector.store.StoreException;
import dev.uptally.collector.store.jdbc.Lease;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lease of one collector on one SQLite database: an OS file lock on {@code <main file>.lock} beside
 * it, taken before the database is opened and held until {@link #close()}. The lock file holds the holder's
 * pid, host and start time, so a refused collector can say who holds it.
 *
 * <p>An OS lock (not a marker file) frees itself when the holder dies, kill -9 included, so a crash never leaves a
 * stale lease. The lock file itself stays: deleting it on close would let a starting collector lock a file that a
 * third one is about to replace.
 *
 * <p>Within one JVM, POSIX drops every lock a process holds on a file as soon as any channel of it to that file is
 * closed, so a second attempt must not even open the file: leases held by this JVM are kept in {@link #HELD} and
 * refused before the file is touched. The lock covers one byte far beyond the holder text, so that the text stays
 * readable where locks are mandatory (Windows). Thread-safe.
 */
final class SqliteLease implements Lease {

  /** Lock files held by this JVM → their holder text. */
  private static final Map<Path, String> HELD = new ConcurrentHashMap<>();
  private static final long LOCK_OFFSET = Long.MAX_VALUE - 1;
  private static final int MAX_HOLDER_CHARS = 200;

  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;
  private final String holder;

  private SqliteLease(Path lockFile, FileChannel channel, FileLock lock, String holder) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /** {@code uptally.db} → {@code uptally.db.lock}. */
  static Path lockFileOf(Path mainFile) {
    return mainFile.resolveSibling(mainFile.getFileName() + ".lock");
  }

  /**
   * Takes the lease on {@code mainFile}, whose directory must exist.
   *
   * @throws LeaseHeldException naming the database, the lock file and the holder when another collector holds it
   */
  static SqliteLease acquire(Path mainFile, Clock clock) {
    Path lockFile;
    try {
      lockFile = lockFileOf(mainFile.getParent().toRealPath().resolve(mainFile.getFileName()));
    } catch (IOException e) {
      throw new StoreException("lease: cannot resolve the directory of " + mainFile + ": " + e.getMessage(), e);
    }
    String holder = describeThisProcess(clock);
    String heldHere = HELD.putIfAbsent(lockFile, holder);
    if (heldHere != null) {
      throw refused(mainFile, lockFile, heldHere + ", in this same process");
    }
    try {
      return lock(mainFile, lockFile, holder);
    } catch (RuntimeException e) {
      HELD.computeIfPresent(lockFile, (file, claim) -> claim == holder ? null : claim);
      throw e;
    }
  }

  private static SqliteLease lock(Path mainFile, Path lockFile, String holder) {
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException("lease: cannot open the lock file " + lockFile + " of " + mainFile + ": " + e, e);
    }
    try {
      FileLock lock = channel.tryLock(LOCK_OFFSET, 1, false);
      if (lock == null) {
        throw refused(mainFile, lockFile, holderOf(lockFile));
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      return new SqliteLease(lockFile, channel, lock, holder);
    } catch (OverlappingFileLockException e) {
      // only reachable if this JVM locked the file by another path than HELD knows; same refusal
      closeQuietly(channel, e);
      throw refused(mainFile, lockFile, holderOf(lockFile) + ", in this same process");
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new StoreException("lease: cannot lock " + lockFile + " of " + mainFile + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  private static LeaseHeldException refused(Path mainFile, Path lockFile, String holder) {
    return new LeaseHeldException("the database " + mainFile + " is in use by another collector (" + holder
        + "; lock file " + lockFile + "): stop that collector first, or give this one its own storage.sqlite.path;"
        + " two collectors on one database overwrite each other's acknowledged progress");
  }

  /** What the lock file says about its holder, or a note that it says nothing readable. */
  private static String holderOf(Path lockFile) {
    try {
      String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        return "holder unknown: the lock file is empty";
      }
      String printable = text.replaceAll("[^\\p{Print}]", "?");
      return printable.length() > MAX_HOLDER_CHARS ? printable.substring(0, MAX_HOLDER_CHARS) + "…" : printable;
    } catch (NoSuchFileException e) {
      return "holder unknown: the lock file is gone";
    } catch (IOException e) {
      return "holder unknown: the lock file cannot be read: " + e.getMessage();
    }
  }

  private static String describeThisProcess(Clock clock) {
    return "pid " + ProcessHandle.current().pid() + " on host " + hostName() + " since "
        + Instant.ofEpochMilli(clock.millis());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "(unknown host)" : env;
    }
  }

  private static void closeQuietly(FileChannel channel, Exception cause) {
    try {
      channel.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /** The lock file this lease holds. */
  Path lockFile() {
    return lockFile;
  }

  /** Releases the lock; idempotent. */
  /** Never runs: an OS lock is held until this process closes it or dies. */
  @Override
  public void onLost(Runnable action) {
    // an OS lock is not lost while the process lives
  }

  @Override
  public String holder() {
    return holder;
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new StoreException("lease: cannot release the lock on " + lockFile + ": " + e, e);
    } finally {
      // by identity: a second close must not remove the claim of a lease taken since
      HELD.computeIfPresent(lockFile, (file, claim) -> claim == holder ? null : claim);
    }
  }
}
