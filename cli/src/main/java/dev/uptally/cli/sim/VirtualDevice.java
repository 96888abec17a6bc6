package dev.uptally.cli.sim;

import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.EnrollResponse;
import dev.uptally.common.protocol.HeartbeatAck;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One virtual agent: its identity at the collector (device token), its sample stream, and its spool of samples
 * not yet acknowledged, which are sent oldest first and replayed until acknowledged. Not thread-safe: one thread
 * at a time (the backfill worker, then the device's live task).
 */
final class VirtualDevice {

  static final String AGENT_VERSION = "1.0.0-sim";

  private final DeviceBehaviour behaviour;
  private final String enrollmentToken;
  private final ArrayDeque<Sample> spool = new ArrayDeque<>();
  private final SplittableRandom network;
  private volatile DeviceSimulation simulation; // read by truth queries from other threads
  private String deviceToken;
  private long lossUntilMillis;
  private long nextLossMillis = Long.MIN_VALUE;
  private long notBeforeMillis;
  private volatile long enrolledAtMillis = Long.MIN_VALUE;
  private volatile boolean retired;
  private volatile VirtualDevice successor; // set once it took over from this one
  private final String replaces;

  VirtualDevice(DeviceBehaviour behaviour, String enrollmentToken) {
    this(behaviour, enrollmentToken, null);
  }

  /** @param replaces device id of the retired machine this one replaces, null for none */
  VirtualDevice(DeviceBehaviour behaviour, String enrollmentToken, String replaces) {
    this.behaviour = behaviour;
    this.replaces = replaces;
    this.enrollmentToken = enrollmentToken;
    this.network = new SplittableRandom(behaviour.seed() ^ 0x6E657477L);
  }

  DeviceBehaviour behaviour() {
    return behaviour;
  }

  DeviceSimulation simulation() {
    return simulation;
  }

  void simulate(DeviceSimulation s) {
    this.simulation = s;
  }

  boolean enrolled() {
    return deviceToken != null;
  }

  String enrollmentToken() {
    return enrollmentToken;
  }

  /** Device id of the machine this one replaced; null for none. */
  String replaces() {
    return replaces;
  }

  /** Simulator clock time of the first enrollment; null before it. */
  java.time.Instant enrolledAt() {
    long t = enrolledAtMillis;
    return t == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(t);
  }

  boolean retired() {
    return retired;
  }

  void retired(boolean r) {
    this.retired = r;
  }

  /** The machine that took over from this one; null while none did. */
  VirtualDevice successor() {
    return successor;
  }

  void tookOver(VirtualDevice next) {
    this.successor = next;
  }

  int spooled() {
    return spool.size();
  }

  /** @param nowMillis the simulator's clock, recorded as the enrollment time */
  EnrollResponse enroll(CollectorClient client, long nowMillis) throws InterruptedException {
    DeviceSimulation s = simulation;
    EnrollRequest req = new EnrollRequest(behaviour.deviceId(), behaviour.hostname(),
        behaviour.deviceClass().wireName(), behaviour.zone().getId(), AGENT_VERSION,
        s == null ? HealthModel.inventoryOf(behaviour) : s.inventory(), Map.of("simulated", "true"));
    EnrollResponse resp = client.enroll(enrollmentToken, req);
    deviceToken = resp.deviceToken();
    if (enrolledAtMillis == Long.MIN_VALUE) {
      enrolledAtMillis = nowMillis;
    }
    return resp;
  }

  /** Moves samples up to true time {@code limitMillis} into the spool, keeping it at most {@code max} long. */
  void generate(long limitMillis, int max) {
    if (spool.size() < max) {
      spool.addAll(simulation.until(limitMillis, max - spool.size()));
    }
  }

  /**
   * Sends the oldest {@code max} spooled samples and drops what the collector acknowledged; re-enrolls once on 401.
   *
   * @param nowMillis true time of sending; {@code sentAt} is this on the device's (skewed) clock
   * @return how many samples the answer acknowledged
   */
  int send(CollectorClient client, long nowMillis, int max, boolean retrying) throws InterruptedException {
    List<Sample> samples = new ArrayList<>(Math.min(max, spool.size()));
    for (Sample s : spool) {
      if (samples.size() == max) {
        break;
      }
      samples.add(s);
    }
    HeartbeatBatch batch = new HeartbeatBatch(behaviour.deviceId(), nowMillis + behaviour.clockSkewMillis(), samples);
    HeartbeatAck ack;
    try {
      ack = retrying ? client.heartbeats(deviceToken, batch) : client.heartbeatsOnce(deviceToken, batch);
    } catch (CollectorException e) {
      if (e.status() != 401) {
        throw e;
      }
      enroll(client, nowMillis);
      ack = retrying ? client.heartbeats(deviceToken, batch) : client.heartbeatsOnce(deviceToken, batch);
    }
    int dropped = 0;
    while (!spool.isEmpty() && spool.peekFirst().seq() <= ack.ackedSeq()) {
      spool.removeFirst();
      dropped++;
    }
    return dropped;
  }

  Long firstSpooledSeq() {
    return spool.isEmpty() ? null : spool.peekFirst().seq();
  }

  /**
   * Whether sending must wait at true time {@code nowMillis}: the network is lost (the device's samples pile up in
   * its spool and arrive late), or the collector asked to come back later.
   */
  boolean holdsBack(long nowMillis) {
    if (nowMillis < notBeforeMillis || nowMillis < lossUntilMillis) {
      return true;
    }
    if (nextLossMillis == Long.MIN_VALUE) {
      nextLossMillis = nowMillis + nextLossGapMillis();
    }
    if (nowMillis >= nextLossMillis) {
      lossUntilMillis = nowMillis + 10 * EpisodePlanner.MINUTE_MILLIS
          + network.nextLong(110 * EpisodePlanner.MINUTE_MILLIS);
      nextLossMillis = lossUntilMillis + nextLossGapMillis();
      return true;
    }
    return false;
  }

  void notBefore(long millis) {
    notBeforeMillis = Math.max(notBeforeMillis, millis);
  }

  private long nextLossGapMillis() {
    double rate = behaviour.networkLossesPerDay();
    if (rate <= 0) {
      return Long.MAX_VALUE / 2;
    }
    return (long) (-Math.log(1 - network.nextDouble()) / rate * EpisodePlanner.DAY_MILLIS);
  }
}
