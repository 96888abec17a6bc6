package dev.uptally.agent.events;

import dev.uptally.common.protocol.ShutdownReason;

/** Asks the operating system whether it is going down, to tell an OS shutdown from a service stop. */
public interface SystemStateProbe {

  /** True while the OS is shutting down or rebooting (or a shutdown is scheduled and imminent). */
  boolean osGoingDown();

  /** The reason to report for an orderly stop now. */
  default ShutdownReason shutdownReason() {
    return osGoingDown() ? ShutdownReason.OS : ShutdownReason.AGENT;
  }

  /** For platforms without a way to ask: every stop is reported as the agent's own. */
  SystemStateProbe AGENT_ONLY = () -> false;
}
