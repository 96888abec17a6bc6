/**
 * Detection of what the machine did: sleep ({@link dev.uptally.agent.events.SleepDetector}, wall
 * clock against monotonic clock) and whether a stop is the OS going down or only the agent
 * ({@link dev.uptally.agent.events.SystemStateProbe}, systemd on Linux).
 */
package dev.uptally.agent.events;
