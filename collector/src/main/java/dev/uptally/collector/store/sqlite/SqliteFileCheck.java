package dev.uptally.collector.store.sqlite;

import dev.uptally.collector.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks made before a store's files are opened for writing, so that a lost or damaged database is refused at
 * start instead of being silently re-created empty or written over. Every refusal names the file it is about, what
 * was found and what the operator can do.
 */
final class SqliteFileCheck {

  /** quick_check lines quoted in a refusal; the rest are counted. */
  static final int PROBLEMS_QUOTED = 5;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;

  private SqliteFileCheck() {}

  /**
   * Refuses a main file that is missing or empty while files of an earlier database are beside it: SQLite would
   * create a new empty database there and the collector would start with no devices, every device token lost.
   * A lone empty or missing main file (first start) passes.
   */
  static void refuseLostMainFile(Path mainFile, Path healthFile) {
    long mainBytes = sizeOrMinusOne(mainFile);
    if (mainBytes > 0) {
      return;
    }
    List<String> remains = new ArrayList<>();
    for (Path p : List.of(healthFile, sibling(mainFile, "-wal"), sibling(mainFile, "-journal"),
        sibling(healthFile, "-wal"))) {
      long bytes = sizeOrMinusOne(p);
      if (bytes > 0) {
        remains.add(p + " (" + bytes + " bytes)");
      }
    }
    if (remains.isEmpty()) {
      return;
    }
    throw new StoreException("refusing to start: the main database " + mainFile
        + (mainBytes == 0 ? " is empty (0 bytes)" : " is missing") + " but files of an earlier database remain: "
        + String.join(", ", remains) + "; the devices, their tokens and their history were in "
        + mainFile.getFileName() + ". Restore it from a backup (copy the backup to " + mainFile
        + " after moving away any " + mainFile.getFileName() + "-wal and -shm, which belong to the lost file), or,"
        + " to start deliberately with no devices, move those files away first");
  }

  /**
   * Runs {@code PRAGMA quick_check} and refuses a file whose pages are damaged.
   *
   * @param role what the file holds and what to do about it, for the message
   */
  static void quickCheck(Connection c, Path file, String role) throws SQLException {
    List<String> problems = new ArrayList<>();
    int total = 0;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if ("ok".equals(line)) {
          continue;
        }
        total++;
        if (problems.size() < PROBLEMS_QUOTED) {
          problems.add(line);
        }
      }
    } catch (SQLException e) {
      if (e.getErrorCode() != SQLITE_CORRUPT && e.getErrorCode() != SQLITE_NOTADB) {
        throw e;
      }
      if (total == 0) {
        // damage bad enough that the check stops before it reports anything
        throw new StoreException("refusing to start: " + file + " is damaged; PRAGMA quick_check stopped with: "
            + e.getMessage() + ". " + role, e);
      }
      // the check reported problems, then stopped on worse ones: say both
      throw new StoreException("refusing to start: " + file + " is damaged; PRAGMA quick_check reports " + total
          + " problem(s) before it stopped with " + e.getMessage() + ", first: " + String.join("; ", problems)
          + ". " + role, e);
    }
    if (total == 0) {
      return;
    }
    throw new StoreException("refusing to start: " + file + " is damaged; PRAGMA quick_check reports " + total
        + " problem(s), first: " + String.join("; ", problems) + ". " + role);
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static long sizeOrMinusOne(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : -1;
    } catch (IOException e) {
      // unreadable counts as present: refusing is safer than creating over it
      return Long.MAX_VALUE;
    }
  }
}
