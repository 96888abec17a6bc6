package dev.uptally.collector.incident;

/** @param misses patch windows the device missed, withdrawn verdicts included */
public record PatchMisses(String clientId, String deviceId, long misses) {}
