package dev.uptally.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live state after a collector outage: devices that were up when the collector stopped hearing are
 * {@code unknown} until their agents replay (or start-up grace ends), not {@code down}; a device silent before the
 * outage is {@code down} at once.
 */
class RestartLiveStateTest {

  private static final long GRACE = 90_000;
  /** The collector starts again at T0 after an hour away. */
  private static final long T0 = 1_764_000_000_000L;
  private static final long STOPPED = T0 - 3_600_000;
  private static final long BOOT = STOPPED - 86_400_000;

  private final Fleet fleet = new Fleet(new Fleet.Settings(2, GRACE), u -> CompletableFuture.completedFuture(null),
      (identity, req) -> CompletableFuture.completedFuture(null), Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC),
      new FleetListener() {}, MaintenancePolicy.NONE);

  @AfterEach
  void close() {
    fleet.close();
  }

  private static StoredDevice stored(String id, long lastHeardMillis) {
    DeviceIdentity identity = new DeviceIdentity(id, "acme", "host-" + id, DeviceClass.SERVER, null, "1.0",
        Tokens.hex(Tokens.sha256("token-" + id)), BOOT, Map.of());
    DeviceProgress progress = new DeviceProgress(100, BOOT, lastHeardMillis, BOOT, null, false, 0,
        DeviceProgress.Totals.ZERO);
    return new StoredDevice(identity, progress, null, null, lastHeardMillis);
  }

  private LiveStatus status(String id, long nowMillis) {
    return fleet.liveStatus(fleet.snapshot(id).orElseThrow(), nowMillis);
  }

  private void start() {
    fleet.start(List.of(stored("last-heard", STOPPED), stored("heard-20s-before", STOPPED - 20_000),
        stored("silent-before", STOPPED - 10 * 60_000)));
  }

  @Test
  void devicesUpWhenTheCollectorStoppedAreUnknownUntilTheyReplay() {
    start();
    assertThat(status("last-heard", T0 + 1_000)).isEqualTo(new LiveStatus(LiveState.UNKNOWN, null, STOPPED));
    assertThat(status("heard-20s-before", T0 + 60_000).state()).isEqualTo(LiveState.UNKNOWN);
  }

  @Test
  void aDeviceSilentBeforeTheOutageIsDownAtOnce() {
    start();
    LiveStatus s = status("silent-before", T0 + 1_000);
    assertThat(s.state()).isEqualTo(LiveState.DOWN);
    assertThat(s.cause()).isEqualTo(OutageCause.SILENT);
  }

  @Test
  void aDeviceNotBackWhenStartUpGraceEndsIsDown() {
    start();
    LiveStatus s = status("last-heard", T0 + GRACE + 1);
    assertThat(s.state()).isEqualTo(LiveState.DOWN);
    assertThat(s.cause()).isEqualTo(OutageCause.SILENT);
  }

  @Test
  void aDeviceThatReplayedItsSpoolIsUp() throws Exception {
    start();
    List<Sample> spool = new ArrayList<>();
    for (long t = STOPPED + 30_000, seq = 101; t <= T0; t += 30_000, seq++) {
      spool.add(Sample.heartbeat(seq, t, BOOT, null));
    }
    HeartbeatBatch batch = new HeartbeatBatch("last-heard", T0, spool);
    fleet.apply(Tokens.sha256("token-last-heard"), batch, spool, List.of(), T0 + 5_000).get(5, TimeUnit.SECONDS);
    assertThat(status("last-heard", T0 + 6_000).state()).isEqualTo(LiveState.UP);
  }
}
