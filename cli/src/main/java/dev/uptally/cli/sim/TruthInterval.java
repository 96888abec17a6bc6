package dev.uptally.cli.sim;

import java.time.Instant;
import java.util.Objects;

/** One interval {@code [start, end)} of physical time in a simulated device's true history. */
public record TruthInterval(Instant start, Instant end, TruthKind kind) {

  public TruthInterval {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(kind, "kind");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(kind + " interval ends before it starts: " + start + " > " + end);
    }
  }
}
