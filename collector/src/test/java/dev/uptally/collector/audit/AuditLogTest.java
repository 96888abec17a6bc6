package dev.uptally.collector.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.collector.it.MutableClock;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's bounds on refused requests, on a real SQLite store with a {@link MutableClock}: rows are written
 * only by a flush (the log's thread), at most so many per address and per minute, the rest summarised once the minute
 * has ended (or at close); and rows past the retention are pruned.
 */
class AuditLogTest {

  private static final long MINUTE = 60_000;
  /** 2026-11-17T10:00:00Z, the start of a minute. */
  private static final long T0 = Instant.parse("2026-11-17T10:00:00Z").toEpochMilli();

  @TempDir
  Path dir;
  private JdbcStorage storage;
  private MutableClock clock;
  private SimpleMeterRegistry registry;
  private AuditLog log;

  @BeforeEach
  void open() {
    storage = SqliteStorage.open(dir.resolve("uptally.db"));
    clock = new MutableClock(Instant.ofEpochMilli(T0));
    registry = new SimpleMeterRegistry();
    log = new AuditLog(storage.audit(), clock, Duration.ofDays(400), new RefusalLimits(10, 3, 25), registry);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private void refuse(long at, String address, int times) {
    for (int i = 0; i < times; i++) {
      log.refused(at, null, address, AuditAction.TOKEN_REFUSED, "GET /api/v1/devices", "unknown token");
    }
  }

  private List<AuditEntry> rows() {
    return storage.audit().entries(new AuditQuery(0, Long.MAX_VALUE, null, 5000, 0));
  }

  private List<AuditEntry> rows(AuditAction action) {
    return storage.audit().entries(new AuditQuery(0, Long.MAX_VALUE, action, 5000, 0));
  }

  @Test
  void aFloodFromOneAddressGetsTenRowsAMinuteAndOneSummaryOfTheRestOnceTheMinuteHasEnded() {
    refuse(T0 + 1_000, "10.0.0.7", 5_241);
    assertThat(rows()).as("nothing is written on the refusing thread").isEmpty();

    assertThat(log.flush(T0 + 2_000)).isEqualTo(10);
    assertThat(rows(AuditAction.TOKEN_REFUSED)).hasSize(10).allSatisfy(e -> {
      assertThat(e.address()).isEqualTo("10.0.0.7");
      assertThat(e.tokenName()).isNull();
      assertThat(e.target()).isEqualTo("GET /api/v1/devices");
    });
    assertThat(rows(AuditAction.REFUSALS_SUMMARISED)).as("the minute is not over").isEmpty();

    log.flush(T0 + MINUTE);
    List<AuditEntry> summaries = rows(AuditAction.REFUSALS_SUMMARISED);
    assertThat(summaries).singleElement().satisfies(e -> {
      assertThat(e.detail()).isEqualTo("and 5,231 more from 10.0.0.7 in the minute from 2026-11-17T10:00:00Z");
      assertThat(e.address()).isEqualTo("10.0.0.7");
      assertThat(e.atMillis()).as("stamped in the minute it sums up").isEqualTo(T0 + MINUTE - 1);
    });
    assertThat(registry.get("uptally.audit.refusals.unwritten").functionCounter().count()).isEqualTo(5_231);
    assertThat(registry.get("uptally.audit.entries").tag("action", "token.refused").counter().count()).isEqualTo(10);

    refuse(T0 + MINUTE + 5, "10.0.0.7", 3);
    log.flush(T0 + MINUTE + 10);
    assertThat(rows(AuditAction.TOKEN_REFUSED)).as("a new minute, a new allowance").hasSize(13);
  }

  @Test
  void addressesBeyondThoseTrackedAndRowsBeyondTheMinutesLimitAreSummarisedToo() {
    refuse(T0, "10.0.0.1", 10);
    refuse(T0, "10.0.0.2", 10);
    refuse(T0, "10.0.0.3", 7); // 27 within the per-address limit: 25 rows, 2 only counted
    refuse(T0, "10.0.0.4", 4);
    refuse(T0, "10.0.0.5", 1); // not tracked: 3 addresses a minute
    log.flush(T0 + MINUTE + 1);

    assertThat(rows(AuditAction.TOKEN_REFUSED)).hasSize(25);
    assertThat(rows(AuditAction.REFUSALS_SUMMARISED)).extracting(AuditEntry::detail).containsExactlyInAnyOrder(
        "and 2 more within the per-address limit, beyond 25 rows a minute in the minute from 2026-11-17T10:00:00Z",
        "and 5 more from addresses beyond the first 3 of the minute from 2026-11-17T10:00:00Z");
  }

  @Test
  void closingWritesWhatWaitsWithTheCurrentMinutesSummaries() {
    clock.set(Instant.ofEpochMilli(T0 + 30_000));
    refuse(T0 + 20_000, "2001:db8::7", 12);
    log.refused(T0 + 20_000, "viewer", "2001:db8::7", AuditAction.FORBIDDEN, "POST /api/v1/devices/d1/reinstate",
        "needs role admin, the token has viewer");
    log.close();

    assertThat(rows(AuditAction.TOKEN_REFUSED)).hasSize(10);
    assertThat(rows(AuditAction.FORBIDDEN)).isEmpty(); // the 13th refusal of that address in the minute
    assertThat(rows(AuditAction.REFUSALS_SUMMARISED)).singleElement().satisfies(e -> {
      assertThat(e.detail()).startsWith("and 3 more from 2001:db8::7");
      assertThat(e.atMillis()).isEqualTo(T0 + 30_000);
    });
  }

  @Test
  void anAppendedEntryIsDurableAtOnceAndRowsPastTheRetentionArePruned() {
    log.append(AuditEntry.of(T0, "noc", "10.0.0.7", AuditAction.DEVICE_RELEASE, "d1", null));
    assertThat(rows()).extracting(AuditEntry::target).containsExactly("d1");
    assertThat(log.prune(T0 + Duration.ofDays(400).toMillis())).isZero();
    assertThat(log.prune(T0 + Duration.ofDays(400).toMillis() + 1)).isEqualTo(1);
    assertThat(rows()).isEmpty();
  }
}
