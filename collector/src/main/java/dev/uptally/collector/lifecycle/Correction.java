package dev.uptally.collector.lifecycle;

/**
 * An operator's word on a hardware change: whether it was a failure (a drive swapped as an upgrade is not).
 *
 * @param by API token name
 */
public record Correction(String changeId, String deviceId, boolean failure, String note, String by, long atMillis) {}
