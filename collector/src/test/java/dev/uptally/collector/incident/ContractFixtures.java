package dev.uptally.collector.incident;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.collector.HeartbeatConfig;
import dev.uptally.config.collector.NotificationsConfig;
import dev.uptally.config.collector.ServerConfig;
import dev.uptally.config.collector.StorageConfig;
import dev.uptally.config.schedule.ServiceCalendar;
import dev.uptally.config.schedule.WeeklySchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The design's example contract, built in code: patch window TUE 01:00-04:00 (minOnline 30m) for every class,
 * maintenance SUN 02:00-04:00 for servers,
 * priorities P1–P4 (P3: response 4h, resolution 2d in business hours MON-FRI 08:00-18:00), escalation at 0.75 and
 * every rule. Heartbeats every 5 minutes (grace 15 minutes) keep the scripted histories short.
 */
final class ContractFixtures {

  static final String OPERATOR_TOKEN = "noc-token-0123456789";
  static final String VIEWER_TOKEN = "viewer-token-0123456789";
  static final String ADMIN_TOKEN = "admin-token-0123456789";
  static final String ENROLL_TOKEN = "acme-enroll-token-0123456789";
  static final HeartbeatConfig HEARTBEAT = new HeartbeatConfig(300, 3, 35);

  private ContractFixtures() {}

  static CollectorConfig config(ZoneId clientZone, Path database) {
    return config(clientZone, database, List.of("TUE 01:00-04:00"));
  }

  /** The same contract with other patch-window rules (minOnline 30m, every class). */
  static CollectorConfig config(ZoneId clientZone, Path database, List<String> patchWindows) {
    return config(clientZone, database, patchWindows, Contract.DeviceDown.at("P4"));
  }

  /** The same contract with another deviceDown rule for laptops. */
  static CollectorConfig config(ZoneId clientZone, Path database, Contract.DeviceDown laptopDown) {
    return config(clientZone, database, List.of("TUE 01:00-04:00"), laptopDown);
  }

  private static CollectorConfig config(ZoneId clientZone, Path database, List<String> patchWindows,
      Contract.DeviceDown laptopDown) {
    ServiceCalendar business = new ServiceCalendar("business-hours",
        WeeklySchedule.parse(List.of("MON-FRI 08:00-18:00")), Set.of(LocalDate.of(2026, 12, 25)));
    Contract contract = new Contract("standard", 4200,
        Map.of(
            DeviceClass.SERVER, new Contract.AvailabilityTarget(99.9, "24x7",
                EnumSet.of(OutageCause.CRASH, OutageCause.SHUTDOWN, OutageCause.SILENT)),
            DeviceClass.WORKSTATION, new Contract.AvailabilityTarget(99.0, "business-hours",
                EnumSet.of(OutageCause.CRASH, OutageCause.SILENT)),
            DeviceClass.LAPTOP, new Contract.AvailabilityTarget(98.0, "business-hours",
                EnumSet.of(OutageCause.CRASH, OutageCause.SILENT))),
        List.of(new Contract.PatchWindow(WeeklySchedule.parse(patchWindows), Duration.ofMinutes(30),
            EnumSet.allOf(DeviceClass.class))),
        List.of(new Contract.MaintenanceWindow(WeeklySchedule.parse(List.of("SUN 02:00-04:00")),
            EnumSet.of(DeviceClass.SERVER))),
        Map.of(
            "P1", new Contract.Priority(Duration.ofMinutes(15), Duration.ofHours(4), "24x7"),
            "P2", new Contract.Priority(Duration.ofHours(1), Duration.ofHours(8), "24x7"),
            "P3", new Contract.Priority(Duration.ofHours(4), Duration.ofDays(2), "business-hours"),
            "P4", new Contract.Priority(Duration.ofDays(1), Duration.ofDays(5), "business-hours")),
        0.75,
        new Contract.Rules(
            Map.of(DeviceClass.SERVER, Contract.DeviceDown.at("P1"), DeviceClass.WORKSTATION,
                Contract.DeviceDown.at("P3"), DeviceClass.LAPTOP, laptopDown),
            new Contract.DiskFull(0.90, "P2"), new Contract.Temperature(85, "P2"), new Contract.BatteryWorn(0.6, "P4"),
            new Contract.PatchWindowMissed("P4")),
        List.of(new Contract.CreditTier(99.9, 5)));
    return new CollectorConfig(
        new ServerConfig("127.0.0.1", 0, null, false, null, 4L << 20, 1000),
        new StorageConfig.Sqlite(database),
        new ApiConfig(List.of(new ApiConfig.ApiToken("noc", OPERATOR_TOKEN, ApiConfig.Role.OPERATOR),
            new ApiConfig.ApiToken("viewer", VIEWER_TOKEN, ApiConfig.Role.VIEWER),
            new ApiConfig.ApiToken("admin", ADMIN_TOKEN, ApiConfig.Role.ADMIN))),
        HEARTBEAT,
        Map.of("business-hours", business),
        Map.of("standard", contract),
        List.of(new ClientConfig("acme", "ACME Law LLP", clientZone, "standard", List.of(ENROLL_TOKEN))),
        NotificationsConfig.NONE);
  }
}
