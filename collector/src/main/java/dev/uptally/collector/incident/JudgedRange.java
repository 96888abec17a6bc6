package dev.uptally.collector.incident;

/**
 * How far one device's contract occurrences (patch windows, availability months) have been judged, as stored with
 * the verdicts.
 *
 * @param evidenceMillis time of the newest sample the last judging saw: occurrences ending at or before it were judged
 *     from complete evidence and are final
 * @param judgedUntilMillis occurrences ending at or before this carry a verdict; those ending after
 *     {@code evidenceMillis} are provisional (judged while the device was not heard from)
 */
public record JudgedRange(String deviceId, String clientId, long evidenceMillis, long judgedUntilMillis) {

  public JudgedRange {
    if (judgedUntilMillis < evidenceMillis) {
      throw new IllegalArgumentException("device " + deviceId + ": judged until " + judgedUntilMillis
          + " is before its evidence " + evidenceMillis);
    }
  }
}
