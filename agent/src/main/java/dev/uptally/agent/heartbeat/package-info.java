/**
 * The heartbeat loop: a step-driven state machine ({@link dev.uptally.agent.heartbeat.HeartbeatLoop})
 * that samples at the collector's interval with jitter, spools before sending, drains the spool
 * oldest first in batches, backs off with full jitter, re-enrolls on 401, and records startup,
 * resume and shutdown events; {@link dev.uptally.agent.heartbeat.HeartbeatRunner} runs it on one thread.
 */
package dev.uptally.agent.heartbeat;
