package dev.uptally.collector.lifecycle;

/** A replaceable part as an inventory names it: a drive, or the board ({@code sizeBytes} null). */
public record Part(String model, String serial, Long sizeBytes) {}
