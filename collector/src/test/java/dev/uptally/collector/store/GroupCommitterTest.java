package dev.uptally.collector.store;

import static dev.uptally.collector.store.StoreFixtures.identity;
import static dev.uptally.collector.store.StoreFixtures.progress;
import static dev.uptally.collector.store.StoreFixtures.progressOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceProgress;
import dev.uptally.collector.fleet.DeviceStore;
import dev.uptally.collector.fleet.GroupCommitter;
import dev.uptally.collector.fleet.StoredDevice;
import dev.uptally.collector.store.jdbc.JdbcStorage;
import dev.uptally.collector.store.sqlite.SqliteStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {

  @TempDir Path dir;
  private JdbcStorage storage;
  private DeviceStore sqlite;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void open() {
    storage = SqliteStorage.open(dir.resolve("uptally.db"));
    sqlite = storage.devices();
    for (String id : List.of("a", "b", "c")) {
      sqlite.saveIdentity(identity(id, "h"));
    }
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private static void awaitAll(List<CompletableFuture<Void>> futures) throws Exception {
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void updatesQueuedDuringACommitGoIntoFewGroups() throws Exception {
    RecordingStore store = new RecordingStore(sqlite, true);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (GroupCommitter committer = new GroupCommitter(store, 50, 1000, registry)) {
      futures.add(committer.submit(progressOnly("a", 0)));
      store.awaitFirstCommit();
      for (int seq = 1; seq < 100; seq++) {
        futures.add(committer.submit(progressOnly(List.of("a", "b", "c").get(seq % 3), seq)));
      }
      assertThat(registry.get("uptally.store.queue.depth").gauge().value()).isEqualTo(99);
      store.releaseCommits();
      awaitAll(futures);
    }

    assertThat(store.commits).extracting(List::size).containsExactly(1, 50, 49);
    assertThat(registry.get("uptally.store.commit.batch.size").summary().count()).isEqualTo(3);
    assertThat(registry.get("uptally.store.commit.batch.size").summary().totalAmount()).isEqualTo(100);
    assertThat(registry.get("uptally.store.commit").timer().count()).isEqualTo(3);
    assertThat(sqlite.loadDevices()).extracting(StoredDevice::progress)
        .containsExactly(progress(99), progress(97), progress(98));
  }

  @Test
  void updatesOfOneDeviceAreCommittedInSubmissionOrder() throws Exception {
    RecordingStore store = new RecordingStore(sqlite, true);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (GroupCommitter committer = new GroupCommitter(store, 64, 1000, registry)) {
      futures.add(committer.submit(progressOnly("b", 0)));
      store.awaitFirstCommit();
      for (int seq = 0; seq < 200; seq++) {
        futures.add(committer.submit(progressOnly("a", seq)));
        futures.add(committer.submit(progressOnly("b", seq + 1)));
      }
      store.releaseCommits();
      awaitAll(futures);
    }

    List<Long> seqsOfA = new ArrayList<>();
    store.commits.forEach(group -> group.stream().filter(u -> u.deviceId().equals("a"))
        .forEach(u -> seqsOfA.add(u.progress().lastSeq())));
    assertThat(seqsOfA).hasSize(200).isSorted();
    assertThat(store.commits.size()).isLessThan(10);
    assertThat(sqlite.loadDevices()).extracting(StoredDevice::progress)
        .startsWith(progress(199), progress(200));
  }

  @Test
  void aFailedCommitFailsEveryFutureOfItsGroupAndLaterCommitsProceed() throws Exception {
    RecordingStore store = new RecordingStore(sqlite, true);
    StoreException diskFull = new StoreException("commit of 3 device updates failed: disk full");
    store.failWith(diskFull);
    try (GroupCommitter committer = new GroupCommitter(store, 50, 1000, registry)) {
      CompletableFuture<Void> first = committer.submit(progressOnly("a", 1));
      store.awaitFirstCommit();
      CompletableFuture<Void> second = committer.submit(progressOnly("b", 1));
      CompletableFuture<Void> third = committer.submit(progressOnly("c", 1));
      store.releaseCommits();

      for (CompletableFuture<Void> f : List.of(first, second, third)) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause().isSameAs(diskFull);
      }
      store.failWith(null);
      committer.submit(progressOnly("a", 2)).get(10, TimeUnit.SECONDS);
    }

    assertThat(sqlite.loadDevices()).extracting(StoredDevice::progress)
        .containsExactly(progress(2), DeviceProgress.NONE, DeviceProgress.NONE);
  }

  @Test
  void anErrorInTheWriterFailsQueuedUpdatesAndRefusesNewOnes() throws Exception {
    RecordingStore store = new RecordingStore(sqlite, true);
    AssertionError broken = new AssertionError("simulated JVM error in commit");
    store.failWithError(broken);
    GroupCommitter committer = new GroupCommitter(store, 1, 1000, registry);
    CompletableFuture<Void> first = committer.submit(progressOnly("a", 1));
    store.awaitFirstCommit();
    CompletableFuture<Void> queued = committer.submit(progressOnly("b", 1));
    store.releaseCommits();

    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(StoreException.class).hasCause(broken);
    assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(StoreException.class).hasMessageContaining("device b").hasMessageContaining("stopped");
    assertThatThrownBy(() -> committer.submit(progressOnly("c", 1)).join()).cause()
        .hasMessageContaining("closed").hasMessageContaining("simulated JVM error");
    committer.close();
    assertThat(store.commits).hasSize(1);
  }

  @Test
  void aFullQueueFailsTheSubmitAtOnce() throws Exception {
    RecordingStore store = new RecordingStore(sqlite, true);
    try (GroupCommitter committer = new GroupCommitter(store, 50, 3, registry)) {
      List<CompletableFuture<Void>> accepted = new ArrayList<>();
      accepted.add(committer.submit(progressOnly("a", 1)));
      store.awaitFirstCommit();
      for (int seq = 2; seq <= 4; seq++) {
        accepted.add(committer.submit(progressOnly("a", seq)));
      }

      CompletableFuture<Void> refused = committer.submit(progressOnly("b", 1));

      assertThat(refused).isCompletedExceptionally();
      assertThatThrownBy(refused::join).cause()
          .isInstanceOf(StoreOverloadedException.class)
          .hasMessageContaining("device b")
          .hasMessageContaining("3 updates already wait");
      store.releaseCommits();
      awaitAll(accepted);
    }
    assertThat(sqlite.loadDevices().get(0).progress()).isEqualTo(progress(4));
  }

  @Test
  void closeCommitsEverythingQueuedBeforeReturning() throws Exception {
    RecordingStore store = new RecordingStore(sqlite, true);
    GroupCommitter committer = new GroupCommitter(store, 4, 1000, registry);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    futures.add(committer.submit(progressOnly("a", 0)));
    store.awaitFirstCommit();
    for (int seq = 1; seq <= 20; seq++) {
      futures.add(committer.submit(progressOnly("a", seq)));
    }
    Thread closer = new Thread(committer::close, "closer");
    closer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (closer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      closer.join(2); // bounded wait until close() blocks on the writer
    }
    assertThat(futures).noneMatch(CompletableFuture::isDone);

    store.releaseCommits();
    closer.join(10_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(sqlite.loadDevices().get(0).progress()).isEqualTo(progress(20));
  }

  @Test
  void submitAfterCloseFailsClearly() {
    GroupCommitter committer = new GroupCommitter(sqlite, 10, 10, registry);
    committer.close();

    CompletableFuture<Void> late = committer.submit(progressOnly("a", 1));

    assertThatThrownBy(late::join).cause()
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(StoreOverloadedException.class)
        .hasMessageContaining("device a")
        .hasMessageContaining("closed");
  }

  @Test
  void metersAreExposedUnderTheirPrometheusNames() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (GroupCommitter committer = new GroupCommitter(sqlite, 10, 10, prometheus)) {
      committer.submit(progressOnly("a", 1)).get(10, TimeUnit.SECONDS);
    }

    assertThat(prometheus.scrape())
        .contains("uptally_store_commit_seconds_bucket{")
        .contains("uptally_store_commit_seconds_count 1")
        .contains("uptally_store_commit_batch_size_count 1")
        .contains("uptally_store_queue_depth ");
  }
}
