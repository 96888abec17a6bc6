package dev.uptally.agent;

import java.util.logging.LogManager;

/**
 * java.util.logging's manager, minus one thing: its own JVM shutdown hook resets (closes) every
 * handler, racing with the agent's shutdown hook, whose last lines ("shutdown sample spooled, not
 * delivered …", "agent stopped") were then lost. Resets requested from that hook are skipped; the
 * console handler flushes every record anyway. Installed by {@link AgentMain} through the
 * {@code java.util.logging.manager} property before anything logs.
 */
public final class AgentLogManager extends LogManager {

  @Override
  public void reset() {
    if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
      return; // LogManager$Cleaner: the JVM is exiting; keep handlers for the other shutdown hooks
    }
    super.reset();
  }
}
