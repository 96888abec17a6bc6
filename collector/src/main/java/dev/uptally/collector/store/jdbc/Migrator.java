package dev.uptally.collector.store.jdbc;

import dev.uptally.collector.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies versioned migrations to one database (a SQLite file, or a PostgreSQL database).
 *
 * <p>A migration set is a classpath folder holding {@code migrations.txt} (file names in order, one a
 * line, {@code #} comments) and the files it names, {@code V<n>__<description>.sql} with n = 1, 2, 3, …
 * The index exists because a folder cannot be listed portably from a jar. Applied versions are recorded
 * in {@code schema_version}; pending ones run in order in one transaction. A database whose recorded
 * version is above the newest known one is refused: this code would misread it.
 *
 * <p>Both databases have their own folder ({@code db/sqlite}, {@code db/postgres}) numbered alike: version n is the
 * same schema change in each. Why this and not a migration library: the README's dependency table says.
 */
public final class Migrator {

  private static final System.Logger LOG = System.getLogger(Migrator.class.getName());
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

  private final String resourceDir;
  private final Dialect dialect;
  private final Clock clock;

  public Migrator(String resourceDir, Dialect dialect, Clock clock) {
    this.resourceDir = resourceDir;
    this.dialect = dialect;
    this.clock = clock;
  }

  /** A migration file from the index. */
  public record Migration(int version, String description, String fileName) {}

  /** The migrations the index lists, validated to be numbered 1..n in order. */
  public List<Migration> migrations() {
    List<Migration> result = new ArrayList<>();
    String indexName = resourceDir + "/migrations.txt";
    String[] lines = resource(indexName).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = FILE_NAME.matcher(line);
      if (!m.matches()) {
        throw new IllegalStateException(indexName + ":" + (i + 1) + ": '" + line + "' is not named V<n>__<description>.sql");
      }
      int version = Integer.parseInt(m.group(1));
      if (version != result.size() + 1) {
        throw new IllegalStateException(indexName + ":" + (i + 1) + ": expected version " + (result.size() + 1)
            + " but found " + line);
      }
      result.add(new Migration(version, m.group(2), line));
    }
    return result;
  }

  /**
   * Brings the database up to the newest version. The connection must be in auto-commit mode.
   *
   * @param file the database file, for messages
   * @return the schema version the database is at afterwards
   * @throws StoreException when the database is newer than this code, or a migration fails
   */
  public int migrate(Connection connection, String file) throws SQLException {
    List<Migration> known = migrations();
    dialect.begin(connection);
    try (Statement st = connection.createStatement()) {
      try {
        st.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)");
        if (dialect == Dialect.POSTGRES) {
          // two tools migrating one database at once: the second waits, then finds the work done
          st.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
        }
        int current = currentVersion(st);
        if (current > known.size()) {
          throw new StoreException("database " + file + " is at schema version " + current
              + " but this collector knows versions up to " + known.size() + "; run a newer collector");
        }
        for (Migration m : known.subList(current, known.size())) {
          apply(connection, st, m, file);
        }
      } catch (SQLException | RuntimeException e) {
        dialect.rollbackAfter(connection, e);
        throw e;
      }
    }
    dialect.commit(connection);
    return known.size();
  }

  private static int currentVersion(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void apply(Connection connection, Statement st, Migration m, String file) throws SQLException {
    String sql = resource(resourceDir + "/" + m.fileName());
    LOG.log(System.Logger.Level.INFO, "migrating {0} to schema version {1} ({2})", file, m.version(), m.description());
    try {
      st.executeUpdate(sql);
    } catch (SQLException e) {
      throw new StoreException("migration " + resourceDir + "/" + m.fileName() + " failed on " + file + ": "
          + e.getMessage(), e);
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO schema_version (version, description, applied_at_ms) VALUES (?, ?, ?)")) {
      ps.setInt(1, m.version());
      ps.setString(2, m.description());
      ps.setLong(3, clock.millis());
      ps.executeUpdate();
    }
  }

  private static String resource(String name) {
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("migration resource " + name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration resource " + name, e);
    }
  }
}
