/**
 * The Uptally agent: {@link dev.uptally.agent.Agent} wires the pieces from an
 * {@code AgentConfig}; {@link dev.uptally.agent.AgentMain} is the command line ({@code --config},
 * {@code --once}). Concerns live in sub-packages: {@code hardware} (what the machine is and how it
 * is), {@code identity} (device id, token, seq), {@code spool} (durable store-and-forward),
 * {@code transport} (wire protocol v1 over the JDK HTTP client), {@code heartbeat} (the loop),
 * {@code events} (sleep and shutdown detection), {@code clock}, {@code files}.
 */
package dev.uptally.agent;
