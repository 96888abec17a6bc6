package dev.uptally.cli.sim;

import java.time.ZoneId;
import java.util.Objects;

/**
 * One client's share of a simulated fleet: how many devices of each class it has, its time zone, and the
 * enrollment token its devices present. The token never appears in {@link #toString()}.
 */
public record ClientFleet(String clientId, String enrollmentToken, ZoneId zone, int servers, int workstations,
    int laptops) {

  public ClientFleet {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(enrollmentToken, "enrollmentToken of client " + clientId);
    Objects.requireNonNull(zone, "zone of client " + clientId);
    if (servers < 0 || workstations < 0 || laptops < 0) {
      throw new IllegalArgumentException("client " + clientId + ": device counts must not be negative: servers="
          + servers + " workstations=" + workstations + " laptops=" + laptops);
    }
  }

  public int deviceCount() {
    return servers + workstations + laptops;
  }

  @Override
  public String toString() {
    return "ClientFleet[clientId=" + clientId + ", enrollmentToken=***, zone=" + zone + ", servers=" + servers
        + ", workstations=" + workstations + ", laptops=" + laptops + "]";
  }
}
