package dev.uptally.cli.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * The operator's side of a machine's end of life: once a simulated machine's service ended ({@link
 * DeviceSimulation#ending()}), everything it sent was acknowledged and the hand-over is due, it is retired through the
 * API ({@code failed} at the time it broke down, or {@code decommissioned}) and a broken-down laptop's replacement — a
 * new device with the same hostname — enrolls and reports from the hand-over on. Retiring only after the last
 * acknowledgement keeps the device token valid for everything the machine had to say. Thread-safe; each chain of
 * machines is advanced by one thread at a time (its backfill worker, then its live task).
 */
final class Succession {

  private final OperatorClient operator;
  private final CollectorClient client;
  private final Clock clock;
  private final LifecycleOptions options;
  private final Function<VirtualDevice, VirtualDevice> successorOf;

  /** @param successorOf makes (and registers) the replacement of a broken-down machine, not yet enrolled */
  Succession(OperatorClient operator, CollectorClient client, Clock clock, LifecycleOptions options,
      Function<VirtualDevice, VirtualDevice> successorOf) {
    this.operator = operator;
    this.client = client;
    this.clock = clock;
    this.options = options;
    this.successorOf = successorOf;
  }

  LifecycleOptions options() {
    return options;
  }

  /**
   * The machine that reports for {@code d}'s seat at true time {@code limitMillis}: {@code d}, or the machine that
   * took over from it, after retiring {@code d} if that is due now.
   *
   * @param healthEvery for a replacement's samples, as for the rest of the fleet in this mode
   * @throws CollectorException when the collector refuses the retirement or the replacement's enrollment
   */
  VirtualDevice current(VirtualDevice d, long limitMillis, int healthEvery) throws InterruptedException {
    while (true) {
      if (d.successor() != null) {
        d = d.successor();
        if (!d.enrolled()) {
          d.enroll(client, clock.millis());
        }
        continue;
      }
      DeviceSimulation s = d.simulation();
      DeviceSimulation.Ending e = s == null ? null : s.ending();
      if (e == null || d.retired() || d.spooled() > 0 || e.handOverMillis() > limitMillis) {
        return d;
      }
      boolean broke = e.end() == LifecyclePlan.End.BREAKDOWN;
      String reason = broke ? "failed" : "decommissioned";
      Instant at = Instant.ofEpochMilli(e.atMillis());
      VirtualDevice next = broke ? successorOf.apply(d) : null;
      operator.retire(d.behaviour().deviceId(), reason, at, broke
          ? "simulated: broke down; replaced by device " + next.behaviour().deviceId()
          : "simulated: decommissioned");
      d.retired(true);
      s.truth().retired(new Truth.Retirement(reason, at, clock.instant()));
      if (!broke) {
        return d;
      }
      next.simulate(new DeviceSimulation(next.behaviour(), s.intervalMillis(), s.phaseMillis(), e.handOverMillis(),
          Math.max(s.periodEndMillis(), e.handOverMillis() + EpisodePlanner.DAY_MILLIS), 1, options, true));
      next.simulation().healthEvery(healthEvery);
      d.tookOver(next); // enrolled at the top of the loop, and again there should that fail now
    }
  }
}
