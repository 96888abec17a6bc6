package dev.uptally.cli.sim;

import dev.uptally.common.device.DeviceClass;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A simulated fleet: its clients and a seed. The same profile always yields the same devices with the same
 * behaviour ({@link #devices()}), and a simulation of them the same samples.
 */
public record FleetProfile(long seed, List<ClientFleet> clients) {

  /** The clients of {@code ./uptally demo} (ids as in {@code config/examples/collector.yaml}). */
  public static final List<String> DEMO_CLIENTS = List.of("acme", "globex", "initech");

  public FleetProfile {
    clients = List.copyOf(clients);
    if (clients.isEmpty()) {
      throw new IllegalArgumentException("a fleet profile needs at least one client");
    }
  }

  /**
   * About three hundred devices in the three demo clients, in three time zones.
   *
   * @param enrollmentTokens enrollment token by client id, one for each of {@link #DEMO_CLIENTS}
   */
  public static FleetProfile demo(long seed, Map<String, String> enrollmentTokens) {
    for (String id : DEMO_CLIENTS) {
      if (!enrollmentTokens.containsKey(id)) {
        throw new IllegalArgumentException("no enrollment token for demo client '" + id + "' (have "
            + enrollmentTokens.keySet() + ")");
      }
    }
    return new FleetProfile(seed, List.of(
        new ClientFleet("acme", enrollmentTokens.get("acme"), ZoneId.of("America/New_York"), 6, 60, 50),
        new ClientFleet("globex", enrollmentTokens.get("globex"), ZoneId.of("Europe/Berlin"), 4, 45, 40),
        new ClientFleet("initech", enrollmentTokens.get("initech"), ZoneId.of("America/Chicago"), 5, 50, 45)));
  }

  public int deviceCount() {
    return clients.stream().mapToInt(ClientFleet::deviceCount).sum();
  }

  /** Every device of the fleet, client by client, servers then workstations then laptops. Deterministic. */
  public List<DeviceBehaviour> devices() {
    SplittableRandom master = new SplittableRandom(seed);
    List<DeviceBehaviour> out = new ArrayList<>(deviceCount());
    for (ClientFleet c : clients) {
      addDevices(out, c, DeviceClass.SERVER, c.servers(), master);
      addDevices(out, c, DeviceClass.WORKSTATION, c.workstations(), master);
      addDevices(out, c, DeviceClass.LAPTOP, c.laptops(), master);
    }
    return out;
  }

  private static void addDevices(List<DeviceBehaviour> out, ClientFleet c, DeviceClass cls, int count,
      SplittableRandom master) {
    for (int i = 0; i < count; i++) {
      out.add(BehaviourFactory.create(c, cls, i, master.split()));
    }
  }
}
