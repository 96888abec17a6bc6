package dev.uptally.collector.fleet;

import dev.uptally.collector.audit.AuditEntry;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.time.TimeRange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * The device state engine: devices partitioned by id onto a fixed number of {@link Shard}s, each owning its
 * devices' state on one thread. Readers get immutable {@link DeviceSnapshot}s from a concurrent map and never
 * wait for a shard. Thread-safe.
 */
public final class Fleet implements AutoCloseable {

  private final Settings settings;
  private final DeviceTimeline timeline;
  private final UpdateSink sink;
  private final IdentityWriter identityWriter;
  private final Clock clock;
  private final FleetListener listener;
  private final MaintenancePolicy maintenance;
  private final Shard[] shards;
  private final ConcurrentHashMap<String, DeviceSnapshot> snapshots = new ConcurrentHashMap<>();
  /** Each device's current token, by its hash (a key is its own value: {@link TokenKey}). */
  private final ConcurrentHashMap<TokenKey, TokenKey> tokenOwners = new ConcurrentHashMap<>();
  private volatile long silenceNotBefore;
  /**
   * When the collector last heard anything before this start: the newest receive time of the stored fleet, about when
   * it stopped (or lost its network). {@link Long#MIN_VALUE} for a fleet with nothing stored.
   */
  private volatile long lastHeardBeforeStart = Long.MIN_VALUE;
  /** Collector time a device last authenticated without its batch being applied (refused by admission). */
  private final ConcurrentHashMap<String, Long> contactMillis = new ConcurrentHashMap<>();
  private volatile LongConsumer silenceLatency = v -> {};

  /**
   * @param settings shard count and grace
   * @param sink durable group commit of device updates
   * @param identityWriter durable write of an enrollment (runs off the shard thread)
   */
  public Fleet(Settings settings, UpdateSink sink, IdentityWriter identityWriter, Clock clock, FleetListener listener,
      MaintenancePolicy maintenance) {
    this.settings = settings;
    this.timeline = new DeviceTimeline(settings.graceMillis());
    this.sink = sink;
    this.identityWriter = identityWriter;
    this.clock = clock;
    this.listener = listener;
    this.maintenance = maintenance;
    this.shards = new Shard[settings.shards()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(i, this);
    }
  }

  /**
   * A stored device as the fleet keeps it: the values devices have in common shared ({@link Compact}), health and
   * inventory {@link Packed}, the token hash as bytes.
   */
  static DeviceState stateOf(StoredDevice s) {
    return new DeviceState(new DeviceSnapshot(kept(s.identity()), s.progress(), s.health(), s.inventory(),
        s.lastReceivedMillis()), Tokens.unhex(s.identity().tokenHash()));
  }

  /**
   * An identity as the snapshot keeps it: common values shared, and without its token hash, which the fleet keeps
   * as bytes alone ({@link DeviceState#tokenHash}, {@link #tokenOwners}): a million hex copies were 100 MB.
   */
  private static DeviceIdentity kept(DeviceIdentity id) {
    DeviceIdentity c = Compact.identity(id);
    return c.tokenHash() == null ? c : c.withTokenHash(null);
  }

  /**
   * Loads every stored device and starts. The store hands each device to {@link #stateOf} as it parses it ({@link
   * DeviceStore#loadDevices(java.util.function.Function)}), on its parser threads, so the parsed records die young
   * instead of all surviving until the load ends. Silence is not declared before one grace period after start, so
   * that a collector outage never makes devices look down before their agents had a chance to replay.
   */
  public void start(DeviceStore store) {
    place(store.loadDevices(Fleet::stateOf));
  }

  /** Starts with these devices. */
  public void start(List<StoredDevice> stored) {
    List<StoredDevice> rows = stored instanceof RandomAccess ? stored : new ArrayList<>(stored);
    DeviceState[] states = new DeviceState[rows.size()];
    IntStream.range(0, states.length).parallel().forEach(i -> states[i] = stateOf(rows.get(i)));
    place(Arrays.asList(states));
  }

  /**
   * Fills the maps, each shard's devices on one thread (a shard's own map is not concurrent) and the shards at once
   * (a million devices took a second on one), then starts the shards.
   */
  private void place(List<DeviceState> devices) {
    long now = clock.millis();
    silenceNotBefore = now + settings.graceMillis();
    long lastHeard = Long.MIN_VALUE;
    for (DeviceState d : devices) {
      lastHeard = Math.max(lastHeard, Math.min(d.snapshot.lastReceivedMillis(), now));
    }
    lastHeardBeforeStart = lastHeard;
    List<DeviceState> rows = devices instanceof RandomAccess ? devices : new ArrayList<>(devices);
    int[] shardOf = new int[rows.size()];
    IntStream.range(0, shardOf.length).parallel()
        .forEach(i -> shardOf[i] = shardIndex(rows.get(i).snapshot.deviceId()));
    IntStream.range(0, shards.length).parallel().forEach(shard -> {
      for (int i = 0; i < shardOf.length; i++) {
        if (shardOf[i] == shard) {
          DeviceState d = rows.get(i);
          String id = d.snapshot.deviceId();
          shards[shard].load(d, silenceNotBefore);
          snapshots.put(id, d.snapshot);
          TokenKey owner = new TokenKey(d.tokenHash, id);
          tokenOwners.put(owner, owner);
        }
      }
    });
    for (Shard s : shards) {
      s.start();
    }
  }

  /** Records, in milliseconds, how late silence was declared after a deadline (for the self-metrics). */
  public void onSilenceLatency(LongConsumer consumer) {
    this.silenceLatency = consumer;
  }

  /** How long an operator's release of a device id lets it be enrolled again without proof. */
  public static final long RELEASE_MILLIS = 24 * 3_600_000L;

  /**
   * Enrolls or re-enrolls a device for a client; completes with the new device token once the identity is durable.
   * The previous token of the device stops working. Re-enrolling an enrolled device id must prove it is that device
   * ({@link #mayReenroll}); otherwise, and for an id of another client, it fails with 409 and one message that does
   * not say which (an enrollment token is on every endpoint of its client: it must not be a key to every device).
   */
  public CompletableFuture<String> enroll(String clientId, EnrollRequest req, DeviceClass deviceClass, long nowMillis) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Shard shard = shardOf(req.deviceId());
    shard.execute(() -> {
      DeviceState existing = shard.device(req.deviceId());
      if (existing != null && existing.progress().retired()
          && existing.snapshot.identity().clientId().equals(clientId)) {
        result.completeExceptionally(retired(existing.snapshot));
        return;
      }
      if (existing != null && !mayReenroll(existing, clientId, req, nowMillis)) {
        result.completeExceptionally(new FleetRefusal(FleetRefusal.Kind.DEVICE_CONFLICT,
            "deviceId '" + req.deviceId() + "' is enrolled"
            + " already and this request does not prove it is that device: send its current deviceToken, or the"
            + " same hardware (uuid or serial) as its last inventory, or ask an operator to release it"
            + " (POST /api/v1/devices/{id}/release)"));
        return;
      }
      if (existing != null) {
        existing.releasedUntilMillis = 0; // a release is good for one enrollment
      }
      String token = Tokens.newToken();
      byte[] hash = Tokens.sha256(token);
      DeviceIdentity identity = new DeviceIdentity(req.deviceId(), clientId, req.hostname(), deviceClass,
          req.timezone(), req.agentVersion(), Tokens.hex(hash), nowMillis, req.tags());
      identityWriter.write(identity, req).whenComplete((ok, err) -> shard.execute(() -> {
        if (err != null) {
          result.completeExceptionally(err);
          return;
        }
        DeviceState d = shard.device(req.deviceId());
        if (d != null && !d.snapshot.identity().clientId().equals(clientId)) {
          // another client enrolled the same new id while this identity was being written: first one wins
          identityWriter.write(d.snapshot.identity().withTokenHash(Tokens.hex(d.tokenHash)), req);
          result.completeExceptionally(new FleetRefusal(FleetRefusal.Kind.DEVICE_CONFLICT,
            "deviceId '" + req.deviceId() + "' is enrolled"
              + " already and this request does not prove it is that device"));
          return;
        }
        DeviceIdentity keptIdentity = kept(identity);
        if (d == null) {
          d = new DeviceState(new DeviceSnapshot(keptIdentity, DeviceProgress.NONE, null, req.inventory(), 0), hash);
          shard.put(d);
        } else {
          tokenOwners.remove(new TokenKey(d.tokenHash, null));
          d.snapshot = d.snapshot.withIdentity(keptIdentity, req.inventory());
          d.tokenHash = hash;
        }
        TokenKey owner = new TokenKey(hash, identity.deviceId());
        tokenOwners.put(owner, owner);
        publish(d.snapshot);
        if (req.inventory() == null) {
          result.complete(token);
          return;
        }
        // progress null: keep what is stored (a heartbeat update may be in flight with newer progress)
        DeviceUpdate inventory = new DeviceUpdate(identity.deviceId(), null, null, req.inventory(), List.of(),
            List.of(), d.snapshot.lastReceivedMillis(), List.of(new TimedInventory(nowMillis, req.inventory())));
        sink.submit(inventory).whenComplete((v, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          } else {
            result.complete(token);
          }
        });
      }));
    });
    return result;
  }

  /**
   * Whether a re-enrollment of {@code d} is that device: the same client, and its current device token, the same
   * hardware as its last inventory, or an operator's release still in force. Runs on the device's shard thread.
   */
  private static boolean mayReenroll(DeviceState d, String clientId, EnrollRequest req, long nowMillis) {
    if (!d.snapshot.identity().clientId().equals(clientId)) {
      return false;
    }
    if (req.deviceToken() != null && java.security.MessageDigest.isEqual(Tokens.sha256(req.deviceToken()),
        d.tokenHash)) {
      return true;
    }
    return nowMillis <= d.releasedUntilMillis || HardwareIdentity.sameMachine(d.snapshot.inventory(), req.inventory());
  }

  /**
   * Lets the device id be enrolled once more without proof for {@link #RELEASE_MILLIS} (an operator's decision: the
   * machine was reinstalled, or its disk replaced). The release is kept in memory: a collector restart ends it.
   *
   * @return whether the device is known
   */
  public CompletableFuture<Boolean> release(String deviceId, long nowMillis) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Shard shard = shardOf(deviceId);
    shard.execute(() -> {
      DeviceState d = shard.device(deviceId);
      if (d != null) {
        d.releasedUntilMillis = nowMillis + RELEASE_MILLIS;
      }
      result.complete(d != null);
    });
    return result;
  }

  /**
   * Takes the device out of service ({@link Retirement}); completes with its snapshot once durable, empty for an
   * unknown device.
   *
   * @throws IllegalStateException (in the future) when it is retired already
   * @param audit the operator's audit row, committed with the retirement
   * @throws IllegalArgumentException (in the future) when {@code at} lies before the device's timeline begins
   */
  public CompletableFuture<Optional<DeviceSnapshot>> retire(String deviceId, Retirement retirement, AuditEntry audit) {
    return changeRetirement(deviceId, audit, d -> {
      DeviceProgress p = d.progress();
      if (p.retired()) {
        throw new IllegalStateException("device '" + deviceId + "' was retired already, at "
            + Instant.ofEpochMilli(p.retirement().atMillis()) + " (" + p.retirement().reason().wireName()
            + "); reinstate it first to change that");
      }
      long first = p.hasSamples() ? p.startMillis() : d.snapshot.identity().enrolledAtMillis();
      if (retirement.atMillis() < first) {
        throw new IllegalArgumentException("'at' " + Instant.ofEpochMilli(retirement.atMillis())
            + " is before the device's first sample (" + Instant.ofEpochMilli(first) + ")");
      }
      return retirement;
    });
  }

  /**
   * Puts a retired device back in service (a retirement made in error); completes with its snapshot once durable,
   * empty for an unknown device.
   *
   * @param audit the operator's audit row, committed with the reinstatement
   * @throws IllegalStateException (in the future) when it is not retired
   */
  public CompletableFuture<Optional<DeviceSnapshot>> reinstate(String deviceId, AuditEntry audit) {
    return changeRetirement(deviceId, audit, d -> {
      if (!d.progress().retired()) {
        throw new IllegalStateException("device '" + deviceId + "' is not retired");
      }
      return null;
    });
  }

  private CompletableFuture<Optional<DeviceSnapshot>> changeRetirement(String deviceId, AuditEntry audit,
      java.util.function.Function<DeviceState, Retirement> decide) {
    java.util.Objects.requireNonNull(audit, "audit");
    CompletableFuture<Optional<DeviceSnapshot>> result = new CompletableFuture<>();
    Shard shard = shardOf(deviceId);
    shard.execute(() -> {
      DeviceState d = shard.device(deviceId);
      if (d == null) {
        result.complete(Optional.empty());
        return;
      }
      Retirement r;
      try {
        r = decide.apply(d);
      } catch (IllegalStateException | IllegalArgumentException e) {
        result.completeExceptionally(e);
        return;
      }
      CompletableFuture<DeviceSnapshot> done = new CompletableFuture<>();
      done.whenComplete((snap, err) -> {
        if (err != null) {
          result.completeExceptionally(err);
        } else {
          result.complete(Optional.of(snap));
        }
      });
      shard.changeRetirement(d, r, audit, done);
    });
    return result;
  }

  /** The refusal of a retired device's request, saying when and why it was retired. */
  static FleetRefusal retired(DeviceSnapshot d) {
    Retirement r = d.progress().retirement();
    return new FleetRefusal(FleetRefusal.Kind.RETIRED, "device '" + d.deviceId() + "' was retired at "
        + Instant.ofEpochMilli(r.atMillis()) + " (" + r.reason().wireName() + ") and no longer reports; an"
        + " administrator can reinstate it (POST /api/v1/devices/{id}/reinstate)");
  }

  /**
   * Applies a validated, skew-corrected batch; completes with the acknowledged seq once durable.
   *
   * @throws FleetRefusal (in the future) for a token of no device or of another device
   */
  public CompletableFuture<Long> apply(byte[] tokenHash, HeartbeatBatch batch, List<Sample> samples,
      List<TimeRange> unreachable, long receivedMillis) {
    CompletableFuture<Long> ack = new CompletableFuture<>();
    try {
      authenticate(tokenHash, batch.deviceId());
    } catch (FleetRefusal e) {
      ack.completeExceptionally(e);
      return ack;
    }
    Shard shard = shardOf(batch.deviceId());
    shard.execute(() -> {
      DeviceState d = shard.device(batch.deviceId());
      if (d == null || !Tokens.matches(d.tokenHash, tokenHash)) {
        ack.completeExceptionally(new FleetRefusal(FleetRefusal.Kind.UNKNOWN_TOKEN,
            "device token is not valid (re-enroll)"));
        return;
      }
      if (d.progress().retired()) {
        ack.completeExceptionally(retired(d.snapshot));
        return;
      }
      shard.apply(d, new Shard.Batch(samples, batch.droppedSamples(), unreachable, receivedMillis), ack);
    });
    return ack;
  }

  /**
   * Checks that the device token (its SHA-256) is the current one of {@code deviceId}. {@link #apply} checks again on
   * the device's shard, where a concurrent re-enrollment is ordered.
   *
   * @throws FleetRefusal for a token of no device or of another device
   */
  public void authenticate(byte[] tokenHash, String deviceId) {
    TokenKey key = tokenOwners.get(new TokenKey(tokenHash, null));
    String owner = key == null || !Tokens.matches(key.hash, tokenHash) ? null : key.deviceId;
    if (owner == null) {
      throw new FleetRefusal(FleetRefusal.Kind.UNKNOWN_TOKEN, "device token is not valid (re-enroll)");
    }
    if (!owner.equals(deviceId)) {
      throw new FleetRefusal(FleetRefusal.Kind.OTHER_DEVICE,
          "the token belongs to another device, not to deviceId '" + deviceId + "'");
    }
    DeviceSnapshot d = snapshots.get(owner);
    if (d != null && d.progress().retired()) {
      throw retired(d);
    }
  }

  /**
   * Whether the hash is the current token of some device, for a check from the request headers before the body is
   * read. Read-only: no shard, no rate allowance. The table lookup's timing depends only on the SHA-256 of the
   * presented token, which a guesser cannot steer toward a stored hash; the final comparison with the device's stored
   * hash is constant-time.
   */
  public boolean isDeviceToken(byte[] tokenHash) {
    return tokenOwner(tokenHash).isPresent();
  }

  /**
   * The device whose current token has this hash (read-only, as {@link #isDeviceToken}); a retired device is
   * returned too, so that its refusal can say it was retired.
   */
  public Optional<DeviceSnapshot> tokenOwner(byte[] tokenHash) {
    TokenKey key = tokenOwners.get(new TokenKey(tokenHash, null));
    DeviceSnapshot device = key == null ? null : snapshots.get(key.deviceId);
    return device != null && Tokens.matches(key.hash, tokenHash) ? Optional.of(device) : Optional.empty();
  }

  /**
   * A token hash in {@link #tokenOwners}, equal to another by the hash alone, with the device it belongs to (null in
   * a key only looked up). The hash is SHA-256, so its first bytes are as good a table hash as any.
   */
  private static final class TokenKey {
    final byte[] hash;
    final String deviceId;

    TokenKey(byte[] hash, String deviceId) {
      this.hash = hash;
      this.deviceId = deviceId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TokenKey && Arrays.equals(hash, ((TokenKey) o).hash);
    }

    @Override
    public int hashCode() {
      return hash.length < 4 ? Arrays.hashCode(hash)
          : (hash[0] & 0xFF) << 24 | (hash[1] & 0xFF) << 16 | (hash[2] & 0xFF) << 8 | (hash[3] & 0xFF);
    }
  }

  public Optional<DeviceSnapshot> snapshot(String deviceId) {
    return Optional.ofNullable(snapshots.get(deviceId));
  }

  /** A weakly consistent view of every device; never blocks ingest. */
  public Collection<DeviceSnapshot> snapshots() {
    return snapshots.values();
  }

  public int size() {
    return snapshots.size();
  }

  /**
   * The device authenticated and sent a batch that was not applied (the collector refused it with a Retry-After
   * while draining a backlog): it is running and trying, so silence is not declared before grace has passed since
   * this contact too. Kept in memory only: after a restart, {@link #start}'s grace covers the same need. Any thread.
   */
  public void contact(String deviceId, long receivedMillis) {
    contactMillis.merge(deviceId, receivedMillis, Math::max);
  }

  /**
   * The earliest time the device may be declared silent: grace after the newer of its last sample and its last
   * {@link #contact}, and never before one grace after the collector started.
   */
  long silenceDeadline(DeviceSnapshot d) {
    long byTimeline = timeline.silenceDeadline(d.progress());
    if (byTimeline == Long.MAX_VALUE) {
      return byTimeline;
    }
    Long contact = contactMillis.get(d.deviceId());
    long byContact = contact == null ? Long.MIN_VALUE : contact + settings.graceMillis();
    return Math.max(Math.max(byTimeline, byContact), silenceNotBefore);
  }

  /**
   * Whether a device whose timeline would be silent at {@code nowMillis} has been heard from within grace (a refused
   * batch, {@link #contact}): it is not down. The start-up grace is not applied here: a device silent for days before
   * a restart is shown down at once, as before; only its silence is not declared again before grace has passed.
   */
  public boolean silenceDeferred(DeviceSnapshot d, long nowMillis) {
    Long contact = contactMillis.get(d.deviceId());
    return contact != null && nowMillis <= contact + settings.graceMillis()
        && timeline.silenceDeadline(d.progress()) != Long.MAX_VALUE;
  }

  /**
   * Whether a device that looks silent only because the collector was away is still within the start-up grace: it was
   * heard within grace of the collector's last contact with anyone before this start (it was up when the collector
   * stopped hearing) and nothing since. Its agent is expected to replay its spool: until it does, or start-up grace
   * ends, what it did meanwhile is not known here, so it is {@code unknown}, not {@code down}. A device already silent
   * before the collector stopped is {@code down} at once, as is one not back once start-up grace has passed.
   */
  boolean awaitingReplay(DeviceSnapshot d, long nowMillis) {
    long lastHeard = lastHeardBeforeStart;
    return lastHeard != Long.MIN_VALUE && nowMillis < silenceNotBefore
        && d.lastReceivedMillis() <= lastHeard && d.lastReceivedMillis() >= lastHeard - settings.graceMillis();
  }

  /** The device's state at {@code nowMillis}. */
  public LiveState liveState(DeviceSnapshot d, long nowMillis) {
    return liveStatus(d, nowMillis).state();
  }

  /**
   * The device's state at {@code nowMillis} with its cause and since when: the open end of its timeline, under a
   * maintenance window if one covers now. An announced sleep is {@code asleep}, an orderly shutdown {@code down} /
   * {@code shutdown}, silence past grace {@code down} / {@code silent}.
   */
  public LiveStatus liveStatus(DeviceSnapshot d, long nowMillis) {
    if (d.progress().retired()) {
      return new LiveStatus(LiveState.RETIRED, null, d.progress().retirement().atMillis());
    }
    if (!d.progress().hasSamples()) {
      return LiveStatus.NEVER_HEARD;
    }
    TimelineInterval tail = timeline.openTail(d.progress(), nowMillis);
    if (maintenance.inMaintenance(d.identity(), nowMillis)) {
      return new LiveStatus(LiveState.MAINTENANCE, null, tail == null ? -1 : tail.startMillis());
    }
    if (tail == null) {
      return LiveStatus.UP;
    }
    switch (tail.state()) {
      case DOWN:
        if (tail.cause() == dev.uptally.common.device.OutageCause.SILENT) {
          if (silenceDeferred(d, nowMillis)) {
            return LiveStatus.UP;
          }
          if (awaitingReplay(d, nowMillis)) {
            return new LiveStatus(LiveState.UNKNOWN, null, lastHeardBeforeStart);
          }
        }
        return new LiveStatus(LiveState.DOWN, tail.cause(), tail.startMillis());
      case ASLEEP:
        return new LiveStatus(LiveState.ASLEEP, null, tail.startMillis());
      default:
        return new LiveStatus(LiveState.UNKNOWN, null, tail.startMillis());
    }
  }

  public DeviceTimeline timeline() {
    return timeline;
  }

  public Clock clock() {
    return clock;
  }

  /** Runs the silence check of every shard at {@code nowMillis}, on the shard threads (tests use this with a fixed clock). */
  public CompletableFuture<Void> tickAll(long nowMillis) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Shard s : shards) {
      all.add(CompletableFuture.runAsync(() -> s.tick(nowMillis), s.executor()));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  @Override
  public void close() {
    for (Shard s : shards) {
      s.close();
    }
  }

  Shard shardOf(String deviceId) {
    return shards[shardIndex(deviceId)];
  }

  private int shardIndex(String deviceId) {
    return Math.floorMod(deviceId.hashCode(), shards.length);
  }

  void publish(DeviceSnapshot s) {
    snapshots.put(s.deviceId(), s);
  }

  UpdateSink sink() {
    return sink;
  }

  FleetListener listener() {
    return listener;
  }

  MaintenancePolicy maintenance() {
    return maintenance;
  }

  long silenceNotBefore() {
    return silenceNotBefore;
  }

  void silenceDetected(long lateMillis) {
    silenceLatency.accept(lateMillis);
  }

  /** @param shards number of single-threaded partitions; @param graceMillis see {@link DeviceTimeline} */
  public record Settings(int shards, long graceMillis) {
    public Settings {
      if (shards < 1 || shards > 1024) {
        throw new IllegalArgumentException("shards must be 1..1024: " + shards);
      }
    }
  }

  /** Durable write of an enrollment (identity and the inventory it carried). */
  @FunctionalInterface
  public interface IdentityWriter {
    CompletableFuture<Void> write(DeviceIdentity identity, EnrollRequest request);
  }

}
