package dev.uptally.common.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happened at a sample, besides the heartbeat itself. Wire names are lower case. */
public enum SampleEvent {
  /** The agent started; {@code bootTime} says when the OS booted. */
  STARTUP("startup"),
  /** Orderly stop; {@link ShutdownReason} says whether the OS or only the agent went down. */
  SHUTDOWN("shutdown"),
  /** The OS announced that it is going to sleep; sent before it sleeps where the platform lets the agent see it. */
  SUSPEND("suspend"),
  /** Woke from sleep; {@code sleptFrom}/{@code sleptUntil} bound the sleep. */
  RESUME("resume");

  private final String wireName;

  SampleEvent(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /**
   * The event of a wire name; null — a plain heartbeat — for a value this version does not know (a newer agent's
   * {@code hibernate}, say): the protocol promises that an unknown event is never refused (DESIGN.md, wire protocol v1).
   */
  @JsonCreator
  public static SampleEvent fromWire(String value) {
    for (SampleEvent e : values()) {
      if (e.wireName.equals(value)) {
        return e;
      }
    }
    return null;
  }
}
