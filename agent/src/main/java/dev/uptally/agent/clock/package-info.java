/** Injected time for the agent: wall clock and monotonic clock together. */
package dev.uptally.agent.clock;
