package dev.uptally.config.collector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collector's whole configuration, validated: every reference (calendar, contract, priority)
 * resolves, so users of this record never see a dangling name. Immutable.
 */
public record CollectorConfig(
    ServerConfig server,
    StorageConfig storage,
    ApiConfig api,
    HeartbeatConfig heartbeat,
    Map<String, dev.uptally.config.schedule.ServiceCalendar> calendars,
    Map<String, Contract> contracts,
    List<ClientConfig> clients,
    NotificationsConfig notifications,
    AuditConfig audit) {

  public CollectorConfig {
    calendars = Map.copyOf(calendars);
    contracts = Map.copyOf(contracts);
    clients = List.copyOf(clients);
    audit = audit == null ? AuditConfig.DEFAULT : audit;
  }

  /** With the audit log's defaults. */
  public CollectorConfig(ServerConfig server, StorageConfig storage, ApiConfig api, HeartbeatConfig heartbeat,
      Map<String, dev.uptally.config.schedule.ServiceCalendar> calendars, Map<String, Contract> contracts,
      List<ClientConfig> clients, NotificationsConfig notifications) {
    this(server, storage, api, heartbeat, calendars, contracts, clients, notifications, AuditConfig.DEFAULT);
  }

  public Optional<ClientConfig> client(String id) {
    return clients.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The calendar of that name; {@code 24x7} is built in. */
  public dev.uptally.config.schedule.ServiceCalendar calendar(String name) {
    if ("24x7".equals(name)) {
      return dev.uptally.config.schedule.ServiceCalendar.ALWAYS;
    }
    var c = calendars.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no calendar named '" + name + "'");
    }
    return c;
  }

  public Contract contractOf(ClientConfig client) {
    return contracts.get(client.contract());
  }
}
