package dev.uptally.collector.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a client's public status page shows, and all it may show: the client's display name, pooled availability per
 * device class this month (to date) and last month, and how many machines are up, off as expected and down now. No
 * hostname, device id, address, serial or note is in it, by construction: nothing here holds one. Immutable.
 *
 * @param timezone the client's zone, in which the months run and {@link #updatedAt} is shown
 * @param thisMonth {@code YYYY-MM} of the month in progress in the client's zone
 * @param lastMonth {@code YYYY-MM} of the month before
 * @param updatedAt when the figures were computed
 * @param refreshSeconds how long the figures are served before they are computed again
 */
public record StatusSnapshot(String clientName, String timezone, String thisMonth, String lastMonth,
    List<ClassAvailability> classes, Machines machines, Instant updatedAt, long refreshSeconds) {

  public StatusSnapshot {
    Objects.requireNonNull(clientName, "clientName");
    classes = List.copyOf(classes);
    Objects.requireNonNull(machines, "machines");
  }

  /**
   * A device class's pooled availability (ratio in [0, 1]) as in the monthly report; null when nothing of the class
   * was measured in that month.
   */
  public record ClassAvailability(String deviceClass, Double thisMonth, Double lastMonth) {}

  /**
   * Machines in service by what they are doing now.
   *
   * @param expectedOff shut down in an orderly way, asleep, or in a maintenance window
   * @param down crashed or not heard from within the grace period
   * @param unknown enrolled but not heard from yet
   */
  public record Machines(int up, int expectedOff, int down, int unknown) {
    public int total() {
      return up + expectedOff + down + unknown;
    }
  }
}
