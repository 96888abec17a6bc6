package dev.uptally.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.collector.fleet.DeviceUpdate;
import dev.uptally.collector.ingest.IngestException;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.Inventory;
import dev.uptally.common.protocol.Sample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetTest {

  private static final long T0 = 1_764_000_000_000L;
  private static final long BOOT = T0 - 3_600_000;
  private final List<DeviceUpdate> committed = new CopyOnWriteArrayList<>();
  private final List<String> silent = new CopyOnWriteArrayList<>();
  private final AtomicBoolean storageDown = new AtomicBoolean();
  /** When set, commits wait here until the test completes them (a slow disk). */
  private final List<CompletableFuture<Void>> heldCommits = new CopyOnWriteArrayList<>();
  private final AtomicBoolean holdCommits = new AtomicBoolean();
  private final Fleet fleet = new Fleet(new Fleet.Settings(2, 90_000), this::commit,
      (identity, req) -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
      new FleetListener() {
        @Override
        public void deviceSilent(DeviceSnapshot device, long sinceMillis) {
          silent.add(device.deviceId());
        }
      }, MaintenancePolicy.NONE);

  private CompletableFuture<Void> commit(DeviceUpdate u) {
    if (holdCommits.get()) {
      CompletableFuture<Void> held = new CompletableFuture<>();
      heldCommits.add(held);
      return held.thenRun(() -> committed.add(u));
    }
    if (storageDown.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("disk full"));
    }
    committed.add(u);
    return CompletableFuture.completedFuture(null);
  }

  @AfterEach
  void close() {
    fleet.close();
  }

  private String enroll(String id) throws Exception {
    fleet.start(List.of());
    return enrollAgain(id);
  }

  private String enrollAgain(String id) throws Exception {
    return fleet.enroll("acme", new EnrollRequest(id, "host-" + id, "server", null, "1.0", null, null),
        DeviceClass.SERVER, T0).get(5, TimeUnit.SECONDS);
  }

  private long send(String token, String id, Sample... samples) throws Exception {
    HeartbeatBatch b = new HeartbeatBatch(id, T0, List.of(samples));
    return fleet.apply(Tokens.sha256(token), b, b.samples(), List.of(), T0).get(5, TimeUnit.SECONDS);
  }

  @Test
  void aStoredDeviceIsKeptEqualAndSharesWhatDevicesHaveInCommon() {
    StoredDevice[] stored = new StoredDevice[2];
    for (int i = 0; i < 2; i++) {
      // new String: equal values, distinct instances, as two parsed rows bring them
      Health health = new Health(new Health.Cpu(0.25 + i, null, 41.5), new Health.Memory(8L << 30, 3L << 30, 0L, null),
          List.of(new Health.Disk(new String("C:"), 512L << 30, (100L << 30) + i)), null, List.of(1200 + i), false);
      Inventory inventory = new Inventory(new Inventory.Os(new String("Windows"), new String("11"), "22631"),
          new Inventory.Hardware(new String("Dell Inc."), new String("Latitude 5440"), "SN" + i, null), null, 16L << 30,
          List.of(), List.of(new Inventory.NetworkInterface(new String("eth0"), "00:00:5e:00:53:0" + i,
              List.of("192.0.2." + i))));
      stored[i] = new StoredDevice(new DeviceIdentity("d" + i, new String("acme-compact"), "h" + i,
          DeviceClass.LAPTOP, new String("Europe/Vienna"), new String("9.9.9"), ("0" + i).repeat(32), 0,
          java.util.Map.of(new String("site"), new String("hq"))), DeviceProgress.NONE, health, inventory, 5);
    }

    DeviceState[] states = {Fleet.stateOf(stored[0]), Fleet.stateOf(stored[1])};
    DeviceSnapshot a = states[0].snapshot;
    DeviceSnapshot b = states[1].snapshot;

    for (int i = 0; i < 2; i++) {
      DeviceSnapshot s = states[i].snapshot;
      // the token hash is kept once, as bytes
      assertThat(s.identity()).isEqualTo(stored[i].identity().withTokenHash(null));
      assertThat(Tokens.hex(states[i].tokenHash)).isEqualTo(stored[i].identity().tokenHash());
      assertThat(s.progress()).isEqualTo(stored[i].progress());
      assertThat(s.health()).isEqualTo(stored[i].health());
      assertThat(s.inventory()).isEqualTo(stored[i].inventory());
      assertThat(s.lastReceivedMillis()).isEqualTo(5);
    }
    assertThat(a.identity().clientId()).isSameAs(b.identity().clientId());
    assertThat(a.identity().timezone()).isSameAs(b.identity().timezone());
    assertThat(a.identity().agentVersion()).isSameAs(b.identity().agentVersion());
    assertThat(a.identity().tags()).isSameAs(b.identity().tags());
    assertThat(a.inventory().os().family()).isSameAs(b.inventory().os().family());
    assertThat(a.inventory().hardware().model()).isSameAs(b.inventory().hardware().model());
    assertThat(a.health().disks().get(0).mount()).isSameAs(b.health().disks().get(0).mount());
  }

  @Test
  void theSilenceCheckIsTimedForTheEarliestDeadlineNotTheNextSecond() throws Exception {
    String token = enroll("d1");
    send(token, "d1", Sample.heartbeat(0, T0, BOOT, null));
    long deadline = fleet.timeline().silenceDeadline(fleet.snapshot("d1").orElseThrow().progress());
    Shard shard = fleet.shardOf("d1");
    CompletableFuture<long[]> waits = new CompletableFuture<>();
    shard.execute(() -> waits.complete(new long[] {shard.nextWaitMillis(deadline - 300), shard.nextWaitMillis(T0),
        shard.nextWaitMillis(deadline)}));
    assertThat(waits.get(5, TimeUnit.SECONDS)).containsExactly(301, Shard.MAX_WAIT_MILLIS, Shard.MIN_WAIT_MILLIS);
  }

  @Test
  void replayedBatchChangesNothingAndIsAcknowledged() throws Exception {
    String token = enroll("d1");
    Sample[] batch = {Sample.heartbeat(0, T0, BOOT, null), Sample.heartbeat(1, T0 + 30_000, BOOT, null)};
    assertThat(send(token, "d1", batch)).isEqualTo(1);
    int commits = committed.size();
    assertThat(send(token, "d1", batch)).isEqualTo(1);
    assertThat(committed).hasSize(commits);
  }

  private String enrollWith(String clientId, String id, String deviceToken, Inventory inventory) throws Exception {
    return fleet.enroll(clientId, new EnrollRequest(id, "host-" + id, "server", null, "1.0", inventory, null,
        deviceToken), DeviceClass.SERVER, T0).get(5, TimeUnit.SECONDS);
  }

  private static Inventory machine(String model, String serial, String uuid) {
    return new Inventory(null, new Inventory.Hardware("Dell Inc.", model, serial, uuid), null, null, null, null);
  }

  private static IngestException refusal(ThrowingCallable enrollment) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(enrollment);
    assertThat(t).as("the enrollment is refused").isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(FleetRefusal.class);
    return IngestException.of((FleetRefusal) t.getCause()); // the answer the ingest layer gives for it
  }

  @Test
  void reEnrollmentWithTheCurrentTokenRotatesIt() throws Exception {
    String first = enroll("d1");
    String second = enrollWith("acme", "d1", first, null);
    assertThat(second).isNotEqualTo(first);
    assertThatThrownBy(() -> send(first, "d1", Sample.heartbeat(0, T0, BOOT, null)))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(FleetRefusal.class)
        .extracting(e -> ((FleetRefusal) e).kind()).isEqualTo(FleetRefusal.Kind.UNKNOWN_TOKEN);
    assertThat(send(second, "d1", Sample.heartbeat(0, T0, BOOT, null))).isZero();
  }

  @Test
  void tokenOfAnotherDeviceIsForbidden() throws Exception {
    String token = enroll("d1");
    enrollAgain("d2");
    assertThatThrownBy(() -> send(token, "d2", Sample.heartbeat(0, T0, BOOT, null)))
        .cause().extracting(e -> ((FleetRefusal) e).kind()).isEqualTo(FleetRefusal.Kind.OTHER_DEVICE);
  }

  /**
   * An enrollment token is on every endpoint of its client: holding it must not let anyone take over an enrolled
   * device id (its samples, its SLA). Without proof the re-enrollment is a 409 and the device's token keeps working.
   */
  @Test
  void reEnrollingAnEnrolledIdWithoutProofIsRefusedAndTheDeviceKeepsItsToken() throws Exception {
    fleet.start(List.of());
    String token = enrollWith("acme", "d1", null, machine("OptiPlex 7090", "7GH2KQ3", "4c4c4544-0037-4810"));
    IngestException e = refusal(() -> enrollWith("acme", "d1", null, null));
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.getMessage()).contains("deviceToken", "hardware", "release");
    assertThat(refusal(() -> enrollWith("acme", "d1", "not-its-token", machine("OptiPlex 7090", "OTHER", "other")))
        .status()).as("a wrong token and other hardware prove nothing").isEqualTo(409);
    assertThat(refusal(() -> enrollWith("acme", "d1", null, machine("OptiPlex 7090", "Default string",
        "00000000-0000-0000-0000-000000000000"))).status()).as("firmware placeholders prove nothing").isEqualTo(409);
    assertThat(send(token, "d1", Sample.heartbeat(0, T0, BOOT, null))).isZero();
  }

  @Test
  void theSameHardwareProvesAReenrollment() throws Exception {
    fleet.start(List.of());
    String first = enrollWith("acme", "d1", null, machine("OptiPlex 7090", "7GH2KQ3", "4C4C4544-0037-4810"));
    enrollWith("acme", "d2", null, machine("OptiPlex 7090", "9XK3LQ1", null));
    // the agents lost their tokens (state restored from a backup): their machines are the same
    String byUuid = enrollWith("acme", "d1", null, machine("OptiPlex 7090", null, "4c4c4544-0037-4810 "));
    String bySerial = enrollWith("acme", "d2", null, machine("OptiPlex 7090", "9xk3lq1", null));
    assertThat(List.of(first, byUuid, bySerial)).doesNotHaveDuplicates();
    assertThat(refusal(() -> enrollWith("acme", "d2", null, machine("Latitude 5440", "9XK3LQ1", null))).status())
        .as("a serial proves nothing on another model").isEqualTo(409);
  }

  @Test
  void anOperatorsReleaseLetsTheIdBeEnrolledOnceWithoutProof() throws Exception {
    fleet.start(List.of());
    enrollWith("acme", "d1", null, null);
    assertThat(fleet.release("d1", T0).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(fleet.release("unknown", T0).get(5, TimeUnit.SECONDS)).isFalse();
    String reinstalled = enrollWith("acme", "d1", null, null);
    assertThat(reinstalled).isNotBlank();
    assertThat(refusal(() -> enrollWith("acme", "d1", null, null)).status()).as("the release was used").isEqualTo(409);
  }

  @Test
  void anotherClientCannotTakeOverADeviceIdAndLearnsNotWhose() throws Exception {
    fleet.start(List.of());
    String token = enrollWith("acme", "d1", null, machine("OptiPlex 7090", "7GH2KQ3", "4c4c4544-0037-4810"));
    IngestException foreign = refusal(() -> enrollWith("globex", "d1", token,
        machine("OptiPlex 7090", "7GH2KQ3", "4c4c4544-0037-4810")));
    IngestException unproven = refusal(() -> enrollWith("acme", "d1", null, null));
    assertThat(foreign.status()).isEqualTo(409);
    assertThat(foreign.getMessage()).as("the same answer as an unproven re-enrollment in its own client")
        .isEqualTo(unproven.getMessage());
  }

  @Test
  void failedCommitIsNotAcknowledgedAndTheRetryIsAppliedAgain() throws Exception {
    String token = enroll("d1");
    send(token, "d1", Sample.heartbeat(0, T0, BOOT, null));
    storageDown.set(true);
    assertThatThrownBy(() -> send(token, "d1", Sample.heartbeat(1, T0 + 30_000, BOOT, null)))
        .isInstanceOf(ExecutionException.class);
    storageDown.set(false);
    assertThat(send(token, "d1", Sample.heartbeat(1, T0 + 30_000, BOOT, null))).isEqualTo(1);
    assertThat(committed.get(committed.size() - 1).progress().lastSeq()).isEqualTo(1);
  }

  @Test
  void batchBehindAFailedCommitFailsTooAndNothingIsAcknowledgedOnTopOfIt() throws Exception {
    String token = enroll("d1");
    send(token, "d1", Sample.heartbeat(0, T0, BOOT, null));
    holdCommits.set(true);
    // A closes a crash (new boot) and waits on a slow disk; B, the agent's next batch, arrives meanwhile
    HeartbeatBatch a = new HeartbeatBatch("d1", T0, List.of(Sample.startup(1, T0 + 600_000, T0 + 300_000, null, null)));
    HeartbeatBatch b = new HeartbeatBatch("d1", T0, List.of(Sample.heartbeat(2, T0 + 630_000, T0 + 300_000, null)));
    CompletableFuture<Long> ackA = fleet.apply(Tokens.sha256(token), a, a.samples(), List.of(), T0);
    CompletableFuture<Long> ackB = fleet.apply(Tokens.sha256(token), b, b.samples(), List.of(), T0);
    fleet.tickAll(T0).get(); // both tasks have run on the shard
    assertThat(heldCommits).as("B waits behind A: one update in flight per device").hasSize(1);
    heldCommits.get(0).completeExceptionally(new IllegalStateException("disk full"));
    assertThatThrownBy(() -> ackA.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThatThrownBy(() -> ackB.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(fleet.snapshot("d1").orElseThrow().progress().lastSeq()).isZero();
    // the agent retries from its last ack: A and B together, and the crash is stored this time
    holdCommits.set(false);
    assertThat(send(token, "d1", a.samples().get(0), b.samples().get(0))).isEqualTo(2);
    DeviceUpdate last = committed.get(committed.size() - 1);
    assertThat(last.progress().lastSeq()).isEqualTo(2);
    assertThat(last.closedIntervals()).singleElement().satisfies(i -> assertThat(i.cause()).isEqualTo(
        dev.uptally.common.device.OutageCause.CRASH));
  }

  @Test
  void queuedBatchIsAppliedOnceTheOneBeforeItIsDurable() throws Exception {
    String token = enroll("d1");
    holdCommits.set(true);
    HeartbeatBatch a = new HeartbeatBatch("d1", T0, List.of(Sample.heartbeat(0, T0, BOOT, null)));
    HeartbeatBatch b = new HeartbeatBatch("d1", T0, List.of(Sample.heartbeat(1, T0 + 30_000, BOOT, null)));
    CompletableFuture<Long> ackA = fleet.apply(Tokens.sha256(token), a, a.samples(), List.of(), T0);
    CompletableFuture<Long> ackB = fleet.apply(Tokens.sha256(token), b, b.samples(), List.of(), T0);
    fleet.tickAll(T0).get();
    heldCommits.get(0).complete(null);
    assertThat(ackA.get(5, TimeUnit.SECONDS)).isZero();
    fleet.tickAll(T0).get();
    assertThat(heldCommits).hasSize(2);
    heldCommits.get(1).complete(null);
    assertThat(ackB.get(5, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void silenceIsDeclaredAtTheDeadlineOnceAndOnlyForSilentDevices() throws Exception {
    String a = enroll("quiet");
    String b = enrollAgain("chatty");
    send(a, "quiet", Sample.heartbeat(0, T0, BOOT, null));
    send(b, "chatty", Sample.heartbeat(0, T0, BOOT, null));
    send(b, "chatty", Sample.heartbeat(1, T0 + 60_000, BOOT, null));
    fleet.tickAll(T0 + 90_000).get();
    assertThat(silent).isEmpty();
    fleet.tickAll(T0 + 91_000).get();
    assertThat(silent).containsExactly("quiet");
    fleet.tickAll(T0 + 151_000).get();
    assertThat(silent).containsExactly("quiet", "chatty");
    fleet.tickAll(T0 + 300_000).get();
    assertThat(silent).hasSize(2);
  }

  @Test
  void silenceIsNotDeclaredWithinOneGraceAfterCollectorStart() throws Exception {
    // the device's last sample is old, as after a collector outage: its agent gets one grace period to replay
    String token = enroll("d1");
    HeartbeatBatch b = new HeartbeatBatch("d1", T0, List.of(Sample.heartbeat(0, T0 - 3_600_000, BOOT, null)));
    fleet.apply(Tokens.sha256(token), b, b.samples(), List.of(), T0).get();
    fleet.tickAll(T0 + 1_000).get();
    assertThat(silent).isEmpty();
  }

  @Test
  void shardsKeepPerDeviceOrderUnderConcurrentLoad() throws Exception {
    fleet.start(List.of());
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tokens.add(enrollAgain("dev" + i));
    }
    List<CompletableFuture<Long>> acks = Collections.synchronizedList(new ArrayList<>());
    for (int seq = 0; seq < 50; seq++) {
      for (int i = 0; i < 20; i++) {
        HeartbeatBatch b = new HeartbeatBatch("dev" + i, T0,
            List.of(Sample.heartbeat(seq, T0 + seq * 30_000L, BOOT, null)));
        acks.add(fleet.apply(Tokens.sha256(tokens.get(i)), b, b.samples(), List.of(), T0));
      }
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 20; i++) {
      assertThat(fleet.snapshot("dev" + i).orElseThrow().progress().lastSeq()).isEqualTo(49);
    }
  }
}
