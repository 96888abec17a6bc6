package dev.uptally.agent;

/** The agent's version from the jar manifest ({@code Implementation-Version}), or {@code dev} when run from classes. */
public final class AgentVersion {

  private AgentVersion() {}

  public static String current() {
    String v = AgentVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
