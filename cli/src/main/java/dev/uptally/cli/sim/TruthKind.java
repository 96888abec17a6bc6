package dev.uptally.cli.sim;

/** What a simulated device actually did over an interval of physical time. */
public enum TruthKind {
  /** Running and its agent reporting (whether or not the reports got through). */
  UP,
  /** Crashed: no orderly shutdown, down until its next boot. */
  CRASH_DOWN,
  /** Shut down by the OS in order (evening shutdown, maintenance reboot), down until its next boot. */
  SHUTDOWN_DOWN,
  /** Asleep (laptop lid closed). */
  ASLEEP,
  /** Machine up but the agent stopped (shutdown reason {@code agent}); the same boot continues afterwards. */
  AGENT_GAP,
  /** Died and never reported again. */
  SILENT
}
