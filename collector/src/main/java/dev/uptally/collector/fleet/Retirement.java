package dev.uptally.collector.fleet;

import java.util.Objects;

/**
 * A device taken out of service: its timeline ends at {@code atMillis} (or at its last sample, if that came first:
 * the silence before a retirement is not downtime, the operator has said why the device went quiet), its token stops
 * working, and no incident or verdict is made of the time after it. Undone by a reinstatement.
 *
 * @param atMillis when it left service, as the operator said (not in the future, not before the first sample)
 * @param note free text, may be null
 * @param by the API token name that retired it
 * @param recordedAtMillis when the retirement was recorded
 */
public record Retirement(long atMillis, RetirementReason reason, String note, String by, long recordedAtMillis) {

  public Retirement {
    Objects.requireNonNull(reason, "reason");
  }
}
