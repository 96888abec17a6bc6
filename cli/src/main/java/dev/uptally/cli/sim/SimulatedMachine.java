package dev.uptally.cli.sim;

import java.time.Instant;

/**
 * One machine of a simulated fleet as it really was: who it is, when the simulator enrolled it (its clock), which
 * retired machine it replaced (null for none), and its {@link Truth} (null before its simulation started).
 */
public record SimulatedMachine(DeviceBehaviour device, Instant enrolledAt, String replaces, Truth truth) {}
