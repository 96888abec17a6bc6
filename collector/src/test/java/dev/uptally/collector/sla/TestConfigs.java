package dev.uptally.collector.sla;

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

/** A collector configuration like the design's example, built in code. */
public final class TestConfigs {

  private TestConfigs() {}

  public static CollectorConfig standard(ZoneId zone) {
    return standard(zone, Path.of("data/test.db"));
  }

  public static CollectorConfig standard(ZoneId zone, Path database) {
    return standard(zone, database, List.of(new Contract.MaintenanceWindow(WeeklySchedule.parse(List.of("SUN 02:00-04:00")),
        EnumSet.of(DeviceClass.SERVER))));
  }

  /** For tests on the wall clock, whose outcome must not depend on the day of the week: pass no maintenance window. */
  public static CollectorConfig standard(ZoneId zone, Path database, List<Contract.MaintenanceWindow> maintenance) {
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
        List.of(new Contract.PatchWindow(WeeklySchedule.parse(List.of("TUE 01:00-04:00", "THU 01:00-04:00")),
            Duration.ofMinutes(30), EnumSet.allOf(DeviceClass.class))),
        maintenance,
        Map.of("P1", new Contract.Priority(Duration.ofMinutes(15), Duration.ofHours(4), "24x7"),
            "P3", new Contract.Priority(Duration.ofHours(4), Duration.ofDays(2), "business-hours")),
        0.75,
        new Contract.Rules(Map.of(DeviceClass.SERVER, Contract.DeviceDown.at("P1")), null, null, null, null),
        List.of(new Contract.CreditTier(99.9, 5), new Contract.CreditTier(99.5, 10), new Contract.CreditTier(99.0, 25)));
    return new CollectorConfig(
        new ServerConfig("127.0.0.1", 0, null, false, null, 4L << 20, 1000),
        new StorageConfig.Sqlite(database),
        new ApiConfig(List.of(new ApiConfig.ApiToken("noc", "noc-token-0123456789", ApiConfig.Role.OPERATOR),
            new ApiConfig.ApiToken("viewer", "viewer-token-0123456789", ApiConfig.Role.VIEWER))),
        HeartbeatConfig.DEFAULT,
        Map.of("business-hours", business),
        Map.of("standard", contract),
        List.of(new ClientConfig("acme", "ACME Law LLP", zone, "standard", List.of("acme-enroll-token-0123456789")),
            new ClientConfig("globex", "Globex", zone, "standard", List.of("globex-enroll-token-0123456789"))),
        NotificationsConfig.NONE);
  }
}
