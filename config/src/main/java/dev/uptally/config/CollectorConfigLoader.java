package dev.uptally.config;

import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.AuditConfig;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.collector.HeartbeatConfig;
import dev.uptally.config.collector.NotificationsConfig;
import dev.uptally.config.collector.StorageConfig;
import dev.uptally.config.schedule.ServiceCalendar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads and validates the collector's YAML configuration (the shape in DESIGN.md). Every problem
 * in the file is collected before one {@link ConfigException} lists them all with file:line:key.
 * Stateless; safe to call from any thread.
 */
public final class CollectorConfigLoader {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private CollectorConfigLoader() {}

  /** Loads with the process environment for {@code ${ENV}} substitution. */
  public static CollectorConfig load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * @param env variables for {@code ${NAME}} / {@code ${NAME:-default}} substitution
   * @throws ConfigException listing every problem found
   */
  public static CollectorConfig load(Path file, Map<String, String> env) {
    return ConfigPipeline.load(file, env, CollectorConfigLoader::read);
  }

  /**
   * Like {@link #load(Path, Map)}, and also returns what is valid but probably not meant (e.g. a credit tier whose
   * threshold lies above a class's target), for {@code check-config} to print.
   *
   * @throws ConfigException listing every problem found
   */
  public static LoadedConfig<CollectorConfig> loadWithWarnings(Path file, Map<String, String> env) {
    return ConfigPipeline.loadWithWarnings(file, env, CollectorConfigLoader::read);
  }

  private static CollectorConfig read(ConfigNode root) {
    if (!root.expectKeys("server", "storage", "api", "heartbeat", "calendars", "contracts", "clients",
        "notifications", "audit")) {
      return null;
    }
    var server = ServerSection.read(root.get("server"));
    StorageConfig storage = storage(root.get("storage"));
    HeartbeatConfig heartbeat = heartbeat(root.get("heartbeat"));
    Map<String, ServiceCalendar> calendars = CalendarSection.read(root.get("calendars"));
    Map<String, Contract> contracts = ContractSection.read(root.get("contracts"), calendars.keySet());
    List<ClientConfig> clients = clients(root.get("clients"), contracts.keySet());
    // after the clients, which a token's clients must name (problems are reported in file order regardless)
    ApiConfig api = ApiSection.read(root.get("api"), clients.stream().map(ClientConfig::id)
        .filter(Objects::nonNull).collect(Collectors.toSet()),
        server != null && server.metricsToken() == null);
    NotificationsConfig notifications = notifications(root.get("notifications"));
    AuditConfig audit = audit(root.get("audit"));
    if (root.context().hasProblems()) {
      return null;
    }
    return new CollectorConfig(server, storage, api, heartbeat, calendars, contracts, clients, notifications, audit);
  }

  private static StorageConfig storage(ConfigNode n) {
    n.expectKeys("sqlite", "postgres", "standby");
    ConfigNode sqlite = n.get("sqlite");
    ConfigNode postgres = n.get("postgres");
    boolean standby = n.get("standby").bool(false);
    if (sqlite.isPresent() && postgres.isPresent()) {
      n.problem("set either sqlite or postgres, not both");
      return null;
    }
    if (postgres.isPresent()) {
      postgres.expectKeys("url", "user", "password", "maxPoolSize");
      String url = postgres.get("url").required();
      if (url != null) {
        PostgresUrls.check(url, postgres.get("url"));
      }
      long pool = postgres.get("maxPoolSize").integer((long) StorageConfig.Postgres.DEFAULT_POOL_SIZE, 2, 200);
      return new StorageConfig.Postgres(url, postgres.get("user").text(), postgres.get("password").text(),
          (int) pool, standby);
    }
    sqlite.expectKeys("path");
    return new StorageConfig.Sqlite(sqlite.get("path").file(Path.of("data/uptally.db")), standby);
  }

  private static AuditConfig audit(ConfigNode n) {
    n.expectKeys("retention");
    ConfigNode retention = n.get("retention");
    Duration kept = retention.duration(AuditConfig.DEFAULT.retention());
    if (kept == null) {
      return null;
    }
    if (kept.compareTo(Duration.ofDays(1)) < 0 || kept.compareTo(Duration.ofDays(3_650)) > 0) {
      retention.problem("'" + retention.text().trim() + "' is out of range [1d, 3650d] (audit rows are pruned daily)");
      return null;
    }
    return new AuditConfig(kept);
  }

  private static HeartbeatConfig heartbeat(ConfigNode n) {
    n.expectKeys("intervalSeconds", "graceIntervals", "maxSampleAgeDays");
    HeartbeatConfig d = HeartbeatConfig.DEFAULT;
    long interval = n.get("intervalSeconds").integer((long) d.intervalSeconds(), 1, 3_600);
    long grace = n.get("graceIntervals").integer((long) d.graceIntervals(), 1, 100);
    long age = n.get("maxSampleAgeDays").integer((long) d.maxSampleAgeDays(), 1, 3_650);
    return new HeartbeatConfig((int) interval, (int) grace, (int) age);
  }

  private static List<ClientConfig> clients(ConfigNode n, Set<String> contracts) {
    List<ClientConfig> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, String> tokenOwners = new HashMap<>();
    Map<String, String> slugOwners = new HashMap<>();
    for (ConfigNode c : n.items()) {
      if (!c.expectKeys("id", "name", "timezone", "contract", "enrollmentTokens", "statusPage")) {
        continue;
      }
      String id = c.get("id").required();
      if (id != null && !ID.matcher(id).matches()) {
        c.get("id").problem("'" + id + "' is not an id (letters, digits, '_', '.', '-'; at most 64)");
      } else if (id != null && !ids.add(id)) {
        c.get("id").problem("duplicate client id '" + id + "'");
      }
      String contract = c.get("contract").required();
      if (contract != null && !contracts.contains(contract)) {
        c.get("contract").problem("no contract named '" + contract + "'" + Suggestions.didYouMean(contract, contracts)
            + (contracts.isEmpty() ? " (no contracts are defined)" : " (defined: " + String.join(", ", contracts) + ")"));
      }
      List<String> tokens = new ArrayList<>();
      for (ConfigNode t : c.get("enrollmentTokens").items()) {
        String token = Checks.token(t, true);
        if (token == null) {
          continue;
        }
        String previous = tokenOwners.putIfAbsent(token, String.valueOf(id));
        if (previous != null) {
          t.problem("this enrollment token is already used by client '" + previous + "'; each token must name one client");
        }
        tokens.add(token);
      }
      out.add(new ClientConfig(id, c.get("name").string(id), Checks.zone(c.get("timezone")), contract, tokens,
          statusPage(c.get("statusPage"), String.valueOf(id), slugOwners)));
    }
    return out;
  }

  /**
   * {@code statusPage: {slug: "acme-status"}}, null when absent.
   *
   * @param slugOwners slugs taken so far, to their clients: a slug names one client's page
   */
  private static ClientConfig.StatusPage statusPage(ConfigNode n, String clientId, Map<String, String> slugOwners) {
    if (n.isAbsent() || !n.expectKeys("slug")) {
      return null;
    }
    ConfigNode slugNode = n.get("slug");
    String slug = slugNode.required();
    if (slug == null) {
      return null;
    }
    if (!ClientConfig.StatusPage.SLUG.matcher(slug).matches()) {
      slugNode.problem("'" + slug + "' is not a status page slug (" + ClientConfig.StatusPage.SLUG_RULE
          + ", e.g. acme-status)");
      return null;
    }
    String previous = slugOwners.putIfAbsent(slug, clientId);
    if (previous != null) {
      slugNode.problem("status page slug '" + slug + "' is already used by client '" + previous
          + "'; each client's page needs its own slug");
      return null;
    }
    return new ClientConfig.StatusPage(slug);
  }

  private static NotificationsConfig notifications(ConfigNode n) {
    if (n.isAbsent()) {
      return NotificationsConfig.NONE;
    }
    n.expectKeys("webhooks");
    List<NotificationsConfig.Webhook> hooks = new ArrayList<>();
    for (ConfigNode w : n.get("webhooks").items()) {
      if (!w.expectKeys("name", "url", "events", "secret")) {
        continue;
      }
      List<String> events = new ArrayList<>();
      for (ConfigNode e : w.get("events").items()) {
        String event = e.text();
        if (event != null && !NotificationsConfig.EVENTS.contains(event)) {
          // a misspelt event would subscribe to nothing, and nobody would notice until an incident went unreported
          e.problem("'" + event + "' is not an event the collector sends; one of "
              + String.join(", ", NotificationsConfig.EVENTS));
        } else if (event != null) {
          events.add(event);
        }
      }
      if (w.get("events").isAbsent()) {
        w.get("events").problem("is required (e.g. [incident.opened, violation.opened])");
      }
      ConfigNode secret = w.get("secret");
      hooks.add(new NotificationsConfig.Webhook(w.get("name").required(), Checks.httpUrl(w.get("url")), events,
          secret.isAbsent() ? null : Checks.token(secret, false)));
    }
    return new NotificationsConfig(hooks);
  }
}
