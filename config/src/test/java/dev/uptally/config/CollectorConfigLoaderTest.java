package dev.uptally.config;

import static dev.uptally.config.ConfigFiles.EXAMPLE_ENV;
import static dev.uptally.config.ConfigFiles.TOKEN;
import static dev.uptally.config.ConfigFiles.assertHasProblem;
import static dev.uptally.config.ConfigFiles.collectorProblems;
import static dev.uptally.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.device.OutageCause;
import dev.uptally.config.collector.ApiConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.collector.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void exampleLoadsWithTheDesignsValues() {
    CollectorConfig c = CollectorConfigLoader.load(Path.of("examples/collector.yaml"), EXAMPLE_ENV);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8420);
    assertThat(c.server().tls()).isNull();
    assertThat(c.server().maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(((StorageConfig.Sqlite) c.storage()).path()).isEqualTo(Path.of("examples/data/uptally.db").toAbsolutePath().normalize());
    assertThat(c.api().tokens()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("noc");
      assertThat(t.token()).isEqualTo("api-token-0123456789abcdef");
      assertThat(t.role()).isEqualTo(ApiConfig.Role.OPERATOR);
    });
    assertThat(c.clients()).extracting(cl -> cl.id()).containsExactly("acme", "globex", "initech");
    assertThat(c.client("acme").orElseThrow().timezone()).isEqualTo(ZoneId.of("America/New_York"));
    Contract standard = c.contractOf(c.client("globex").orElseThrow());
    assertThat(standard.monthlyFee()).isEqualTo(4200);
    assertThat(standard.availability().get(DeviceClass.SERVER).counts())
        .containsExactlyInAnyOrder(OutageCause.CRASH, OutageCause.SHUTDOWN, OutageCause.SILENT);
    assertThat(standard.priorities().get("P3")).isEqualTo(
        new Contract.Priority(Duration.ofHours(4), Duration.ofDays(2), "business-hours"));
    assertThat(standard.patchWindows()).singleElement().satisfies(w -> {
      assertThat(w.minOnline()).isEqualTo(Duration.ofMinutes(30));
      assertThat(w.schedule().rules()).hasSize(2);
    });
    assertThat(standard.rules().deviceDown()).containsEntry(DeviceClass.SERVER, Contract.DeviceDown.at("P1"))
        .containsEntry(DeviceClass.LAPTOP, new Contract.DeviceDown("P4", Duration.ofHours(4), "business-hours"));
    assertThat(standard.rules().deviceDown().get(DeviceClass.SERVER).immediate()).isTrue();
    assertThat(standard.rules().deviceDown().get(DeviceClass.LAPTOP).immediate()).isFalse();
    assertThat(standard.rules().diskFull()).isEqualTo(new Contract.DiskFull(0.90, "P2"));
    assertThat(standard.credits()).extracting(Contract.CreditTier::percent).containsExactly(5.0, 10.0, 25.0);
    assertThat(standard.creditTiers(DeviceClass.SERVER)).as("servers set none: the contract-wide tiers")
        .isEqualTo(standard.credits());
    assertThat(standard.creditTiers(DeviceClass.WORKSTATION)).containsExactly(new Contract.CreditTier(99.0, 5),
        new Contract.CreditTier(98.0, 10));
    assertThat(standard.creditTiers(DeviceClass.LAPTOP)).containsExactly(new Contract.CreditTier(98.0, 5));
    assertThat(c.calendar("business-hours").holidays()).hasSize(1);
    assertThat(c.notifications().webhooks()).singleElement()
        .satisfies(w -> assertThat(w.url().toString()).isEqualTo("https://noc.example/hook"));
  }

  @Test
  void emptyMappingGetsEveryDefault() {
    CollectorConfig c = CollectorConfigLoader.load(write(dir, "c.yaml", "{}\n"), Map.of());
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8420);
    assertThat(c.server().allowPlaintext()).isFalse();
    assertThat(c.server().maxBodyBytes()).isEqualTo(4L << 20);
    assertThat(c.server().maxSamplesPerRequest()).isEqualTo(1000);
    assertThat(c.server().rateLimits()).isEqualTo(new dev.uptally.config.collector.RateLimits(300, 100, 30));
    assertThat(c.server().requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(c.heartbeat()).isEqualTo(new dev.uptally.config.collector.HeartbeatConfig(30, 3, 35));
    assertThat(((StorageConfig.Sqlite) c.storage()).path()).isEqualTo(dir.resolve("data/uptally.db"));
    assertThat(c.clients()).isEmpty();
  }

  @Test
  void theAuditRetentionIsReadDefaultsTo400DaysAndOutOfRangeOrMalformedIsAProblemAtItsLine() {
    assertThat(CollectorConfigLoader.load(write(dir, "default.yaml", "{}\n"), Map.of()).audit().retention())
        .isEqualTo(java.time.Duration.ofDays(400));
    assertThat(CollectorConfigLoader.load(write(dir, "ok.yaml", "audit: {retention: 800d}\n"), Map.of()).audit()
        .retention()).isEqualTo(java.time.Duration.ofDays(800));
    Path bad = write(dir, "bad.yaml", """
        server: {}
        audit:
          retention: 12h
        """);
    assertHasProblem(collectorProblems(bad, Map.of()), "bad.yaml", 3, "audit.retention", "'12h' is out of range");
    Path malformed = write(dir, "malformed.yaml", "audit: {retention: forever}\n");
    assertHasProblem(collectorProblems(malformed, Map.of()), "malformed.yaml", 1, "audit.retention",
        "'forever' is not a duration");
    Path unknown = write(dir, "unknown.yaml", "audit: {retentionDays: 30}\n");
    assertHasProblem(collectorProblems(unknown, Map.of()), "unknown.yaml", 1, "audit.retentionDays", "unknown key");
  }

  @Test
  void rateLimitsAreReadAndZeroTurnsOneOff() {
    Path f = write(dir, "c.yaml", """
        server:
          rateLimits: {deviceRequestsPerMinute: 0, authFailuresPerMinute: 5}
        """);
    var limits = CollectorConfigLoader.load(f, Map.of()).server().rateLimits();
    assertThat(limits).isEqualTo(new dev.uptally.config.collector.RateLimits(0, 100, 5));
    assertThat(limits.limitsDevices()).isFalse();
    assertThat(limits.limitsAuthFailures()).isTrue();
  }

  @Test
  void badRateLimitsAreReportedWithTheirLines() {
    Path f = write(dir, "c.yaml", """
        server:
          rateLimits:
            deviceRequestsPerMinute: -1
            deviceBurst: 5
            authFailuresPerHour: 3
        """);
    var problems = collectorProblems(f, Map.of());
    assertHasProblem(problems, "c.yaml", 3, "server.rateLimits.deviceRequestsPerMinute", "-1 is out of range");
    assertHasProblem(problems, "c.yaml", 5, "server.rateLimits.authFailuresPerHour", "authFailuresPerMinute");
  }

  @Test
  void enrollmentLimitsAreReadAndAnEnrollmentLimitWithoutBurstIsAnErrorWithItsLine() {
    Path ok = write(dir, "ok.yaml", """
        server:
          rateLimits: {enrollmentsPerMinute: 120, enrollmentBurst: 2000}
        """);
    var limits = CollectorConfigLoader.load(ok, Map.of()).server().rateLimits();
    assertThat(limits.enrollmentsPerMinute()).isEqualTo(120);
    assertThat(limits.enrollmentBurst()).isEqualTo(2000);
    assertThat(limits.deviceBurst()).isEqualTo(100); // the others keep their defaults
    Path bad = write(dir, "bad.yaml", """
        server:
          rateLimits:
            enrollmentsPerMinute: 10
            enrollmentBurst: 0
        """);
    assertHasProblem(collectorProblems(bad, Map.of()), "bad.yaml", 4, "server.rateLimits.enrollmentBurst",
        "must be at least 1");
  }

  @Test
  void admissionWatermarksAreReadAndDefaultWhenAbsent() {
    Path none = write(dir, "none.yaml", "server:\n  listen: \"127.0.0.1:8420\"\n");
    assertThat(CollectorConfigLoader.load(none, Map.of()).server().admission())
        .isEqualTo(dev.uptally.config.collector.Admission.DEFAULTS);
    Path ok = write(dir, "ok.yaml", """
        server:
          admission: {highWatermark: 500, lowWatermark: 100, retryJitterSeconds: 30}
        """);
    assertThat(CollectorConfigLoader.load(ok, Map.of()).server().admission())
        .isEqualTo(new dev.uptally.config.collector.Admission(500, 100, 2, 30));
    Path off = write(dir, "off.yaml", "server:\n  admission: {highWatermark: 0}\n");
    assertThat(CollectorConfigLoader.load(off, Map.of()).server().admission().enabled()).isFalse();
  }

  @Test
  void badAdmissionValuesAreReportedWithTheirLines() {
    Path f = write(dir, "c.yaml", """
        server:
          admission:
            highWatermark: 100
            lowWatermark: 100
            retryAfterSeconds: 0
            retryJitter: 3
        """);
    var problems = collectorProblems(f, Map.of());
    assertHasProblem(problems, "c.yaml", 4, "server.admission.lowWatermark", "must be below highWatermark");
    assertHasProblem(problems, "c.yaml", 5, "server.admission.retryAfterSeconds", "0 is out of range");
    assertHasProblem(problems, "c.yaml", 6, "server.admission.retryJitter", "retryJitterSeconds");
  }

  @Test
  void requestTimeoutIsReadAndOutOfRangeValuesAreReportedWithTheirLine() {
    Path ok = write(dir, "c.yaml", "server:\n  requestTimeout: 2m\n");
    assertThat(CollectorConfigLoader.load(ok, Map.of()).server().requestTimeout())
        .isEqualTo(java.time.Duration.ofMinutes(2));
    Path tooLong = write(dir, "d.yaml", "server:\n  requestTimeout: 1h\n");
    assertHasProblem(collectorProblems(tooLong, Map.of()), "d.yaml", 2, "server.requestTimeout",
        "3600 s is out of range (expected 1s..10m)");
    Path notADuration = write(dir, "e.yaml", "server:\n  requestTimeout: soon\n");
    assertHasProblem(collectorProblems(notADuration, Map.of()), "e.yaml", 2, "server.requestTimeout",
        "'soon' is not a duration");
  }

  @Test
  void aDeviceLimitWithoutBurstIsAnError() {
    Path f = write(dir, "c.yaml", """
        server:
          rateLimits: {deviceRequestsPerMinute: 60,
                       deviceBurst: 0}
        """);
    assertHasProblem(collectorProblems(f, Map.of()), "c.yaml", 3, "server.rateLimits.deviceBurst",
        "must be at least 1");
  }

  @Test
  void envDefaultIsUsedWhenTheVariableIsUnset() {
    Path f = write(dir, "c.yaml", """
        api:
          tokens:
            - {name: noc, token: "${NOC_TOKEN:-fallback-token-0123456789}", role: viewer}
        """);
    assertThat(CollectorConfigLoader.load(f, Map.of()).api().tokens().get(0).token())
        .isEqualTo("fallback-token-0123456789");
    assertThat(CollectorConfigLoader.load(f, Map.of("NOC_TOKEN", "from-env-0123456789ab")).api().tokens().get(0).token())
        .isEqualTo("from-env-0123456789ab");
  }

  @Test
  void unknownKeyIsReportedWithSuggestion() {
    Path f = write(dir, "collector.yaml", """
        server:
          listen: "127.0.0.1:8420"
        heartbeat:
          intervalSecond: 30
        """);
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 4, "heartbeat.intervalSecond",
        "unknown key (did you mean 'intervalSeconds'?)");
  }

  @Test
  void unknownTopLevelKeyIsReported() {
    Path f = write(dir, "collector.yaml", "servers: {}\n");
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 1, "servers", "did you mean 'server'?");
  }

  @Test
  void wrongTypesAreReported() {
    Path f = write(dir, "collector.yaml", """
        server:
          allowPlaintext: "yes"
        heartbeat:
          intervalSeconds: [30]
          graceIntervals: three
        clients: {id: acme}
        """);
    List<ConfigProblem> problems = collectorProblems(f, Map.of());
    assertHasProblem(problems, "collector.yaml", 2, "server.allowPlaintext", "'yes' is not a boolean");
    assertHasProblem(problems, "collector.yaml", 4, "heartbeat.intervalSeconds", "expected a single value, found a list");
    assertHasProblem(problems, "collector.yaml", 5, "heartbeat.graceIntervals", "'three' is not a whole number");
    assertHasProblem(problems, "collector.yaml", 6, "clients", "expected a list");
  }

  @Test
  void badDurationIsReportedWithFileLineAndKeyPath() {
    Path f = write(dir, "collector.yaml", """
        contracts:
          standard:
            priorities:
              P1: {response: 15x, resolution: 4h, calendar: 24x7}
        """);
    List<ConfigProblem> problems = collectorProblems(f, Map.of());
    assertThat(problems).extracting(ConfigProblem::toString).contains(
        "collector.yaml:4: contracts.standard.priorities.P1.response: '15x' is not a duration (expected e.g. 30s, 15m, 4h, 2d)");
  }

  @Test
  void missingEnvironmentVariableIsNamed() {
    Path f = write(dir, "collector.yaml", """
        api:
          tokens:
            - {name: noc, token: "${UPTALLY_API_TOKEN}", role: operator}
        """);
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 3, "api.tokens[0].token",
        "environment variable UPTALLY_API_TOKEN is not set");
  }

  @Test
  void unknownCalendarReferenceIsReported() {
    Path f = write(dir, "collector.yaml", """
        calendars:
          business-hours: {weekly: ["MON-FRI 08:00-18:00"]}
        contracts:
          standard:
            availability:
              laptop: {target: 98.0, calendar: buisness-hours}
            priorities:
              P3: {response: 4h, resolution: 2d, calendar: office}
        """);
    List<ConfigProblem> problems = collectorProblems(f, Map.of());
    assertHasProblem(problems, "collector.yaml", 6, "contracts.standard.availability.laptop.calendar",
        "no calendar named 'buisness-hours' (did you mean 'business-hours'?)");
    assertHasProblem(problems, "collector.yaml", 8, "contracts.standard.priorities.P3.calendar",
        "no calendar named 'office'");
  }

  @Test
  void nonLoopbackPlaintextListenSaysHowToFixIt() {
    Path f = write(dir, "collector.yaml", "server:\n  listen: \"0.0.0.0:8420\"\n");
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 2, "server.listen", "allowPlaintext: true");
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 2, "server.listen", "server.tls");
    Path allowed = write(dir, "allowed.yaml", "server:\n  listen: \"0.0.0.0:8420\"\n  allowPlaintext: true\n");
    assertThat(CollectorConfigLoader.load(allowed, Map.of()).server().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void ipv6LoopbackListenIsAccepted() {
    Path f = write(dir, "c.yaml", "server: {listen: \"[::1]:0\"}\n");
    CollectorConfig c = CollectorConfigLoader.load(f, Map.of());
    assertThat(c.server().host()).isEqualTo("::1");
    assertThat(c.server().port()).isZero();
    Path any = write(dir, "any.yaml", "server: {listen: \"[::]:8420\"}\n");
    assertHasProblem(collectorProblems(any, Map.of()), "any.yaml", 1, "server.listen", "not a loopback address");
  }

  @Test
  void tlsFilesMustExistAndResolveAgainstTheConfigDirectory() throws Exception {
    Files.writeString(dir.resolve("cert.pem"), "x");
    Files.writeString(dir.resolve("key.pem"), "x");
    Path ok = write(dir, "ok.yaml", "server: {listen: \"0.0.0.0:8443\", tls: {certFile: cert.pem, keyFile: key.pem}}\n");
    assertThat(CollectorConfigLoader.load(ok, Map.of()).server().tls().certFile()).isEqualTo(dir.resolve("cert.pem"));
    Path missing = write(dir, "missing.yaml", """
        server:
          listen: "0.0.0.0:8443"
          tls:
            certFile: cert.pem
            keyFile: nope.pem
        """);
    assertHasProblem(collectorProblems(missing, Map.of()), "missing.yaml", 5, "server.tls.keyFile", "does not exist");
  }

  @Test
  void everyProblemInTheFileIsReportedAtOnce() {
    Path f = write(dir, "collector.yaml", """
        server: {listen: "localhost:99999", maxBodyBytes: 4 megs}
        api:
          tokens:
            - {name: noc, token: short, role: root}
        calendars:
          office: {weekly: ["MON-FRY 08:00-18:00"], holidays: ["2026-13-01"]}
        contracts:
          standard:
            availability:
              server: {target: 0, counts: [crash, asleep]}
              tablet: {target: 99}
            patchWindows:
              - {weekly: ["TUE 01:00-04:00"], minOnline: 4h, classes: [phone]}
            priorities:
              P1: {response: 15m, resolution: 4h}
            escalateAt: 1.5
            rules:
              deviceDown: {server: P9, laptop: {priority: P1, after: soon, calendar: office-hourz, delay: 1h}}
            credits:
              - {availabilityBelow: 99.0, percent: 25}
              - {availabilityBelow: 99.5, percent: 10}
        clients:
          - {id: acme, timezone: America/NewYork, contract: premium, enrollmentTokens: ["%s"]}
          - {id: acme, timezone: UTC, contract: standard, enrollmentTokens: ["%s"]}
        notifications:
          webhooks:
            - {name: noc, url: "ftp://noc.example/hook", events: [incident.opened, incident.open]}
        """.formatted(TOKEN, TOKEN));
    List<ConfigProblem> p = collectorProblems(f, Map.of());
    assertHasProblem(p, "collector.yaml", 1, "server.listen", "port 99999 is out of range");
    assertHasProblem(p, "collector.yaml", 1, "server.maxBodyBytes", "'4 megs' is not a size");
    assertHasProblem(p, "collector.yaml", 4, "api.tokens[0].token", "is 5 characters long; a token needs at least 16");
    assertHasProblem(p, "collector.yaml", 4, "api.tokens[0].role", "'root' is not a role (expected viewer, operator or admin)");
    assertHasProblem(p, "collector.yaml", 6, "calendars.office.weekly[0]", "'FRY' is not a day");
    assertHasProblem(p, "collector.yaml", 6, "calendars.office.holidays[0]", "'2026-13-01' is not a date");
    assertHasProblem(p, "collector.yaml", 10, "contracts.standard.availability.server.target", "out of range");
    assertHasProblem(p, "collector.yaml", 10, "contracts.standard.availability.server.counts[1]", "'asleep' is not an outage cause");
    assertHasProblem(p, "collector.yaml", 11, "contracts.standard.availability.tablet", "'tablet' is not a device class");
    assertHasProblem(p, "collector.yaml", 13, "contracts.standard.patchWindows[0].minOnline", "longer than the window");
    assertHasProblem(p, "collector.yaml", 13, "contracts.standard.patchWindows[0].classes[0]", "'phone' is not a device class");
    assertHasProblem(p, "collector.yaml", 16, "contracts.standard.escalateAt", "out of range");
    assertHasProblem(p, "collector.yaml", 18, "contracts.standard.rules.deviceDown.server", "no priority named 'P9'");
    assertHasProblem(p, "collector.yaml", 18, "contracts.standard.rules.deviceDown.laptop.after", "'soon' is not a duration");
    assertHasProblem(p, "collector.yaml", 18, "contracts.standard.rules.deviceDown.laptop.calendar",
        "no calendar named 'office-hourz'");
    assertHasProblem(p, "collector.yaml", 18, "contracts.standard.rules.deviceDown.laptop.delay", "unknown key");
    assertHasProblem(p, "collector.yaml", 21, "contracts.standard.credits[1].availabilityBelow", "highest threshold down");
    assertHasProblem(p, "collector.yaml", 23, "clients[0].timezone", "'America/NewYork' is not an IANA time zone id (did you mean 'America/New_York'?)");
    assertHasProblem(p, "collector.yaml", 23, "clients[0].contract", "no contract named 'premium'");
    assertHasProblem(p, "collector.yaml", 24, "clients[1].id", "duplicate client id 'acme'");
    assertHasProblem(p, "collector.yaml", 24, "clients[1].enrollmentTokens[0]", "already used by client 'acme'");
    assertHasProblem(p, "collector.yaml", 27, "notifications.webhooks[0].url", "not an http(s) URL");
    // a misspelt event subscribes to nothing: refused, with the list of events there are
    assertHasProblem(p, "collector.yaml", 27, "notifications.webhooks[0].events[1]", "'incident.open' is not an event"
        + " the collector sends; one of incident.opened, incident.escalated, incident.resolved, violation.opened");
    assertThat(p).hasSize(23);
  }

  @Test
  void aClassesOwnCreditTiersReplaceTheContractWideOnesForThatClassOnly() {
    Path f = write(dir, "collector.yaml", """
        contracts:
          standard:
            availability:
              server: {target: 99.9, credits: [{availabilityBelow: 99.9, percent: 10}]}
              workstation: {target: 99.0, credits: []}
              laptop: {target: 98.0}
            credits:
              - {availabilityBelow: 98.0, percent: 5}
        """);
    LoadedConfig<CollectorConfig> loaded = CollectorConfigLoader.loadWithWarnings(f, Map.of());
    Contract standard = loaded.config().contracts().get("standard");
    assertThat(standard.creditTiers(DeviceClass.SERVER)).containsExactly(new Contract.CreditTier(99.9, 10));
    assertThat(standard.creditTiers(DeviceClass.WORKSTATION)).as("credits: [] means this class earns none").isEmpty();
    assertThat(standard.availability().get(DeviceClass.LAPTOP).credits()).as("not set").isNull();
    assertThat(standard.creditTiers(DeviceClass.LAPTOP)).containsExactly(new Contract.CreditTier(98.0, 5));
    assertThat(loaded.warnings()).as("every threshold at or below its class's target").isEmpty();
  }

  @Test
  void aClassesOwnCreditTiersAreValidatedLikeTheContractWideOnesWithFileLineAndKey() {
    Path f = write(dir, "collector.yaml", """
        contracts:
          standard:
            availability:
              server:
                target: 99.9
                credits:
                  - {availabilityBelow: 99.0, percent: 25}
                  - {availabilityBelow: 99.5, percent: 10}
                  - {availabilityBelow: 98.0, percent: 120}
                  - {below: 97, percent: 30}
              workstation: {target: 99.0, credits: [{availabilityBelow: 98.0, percent: 10},
                                                    {availabilityBelow: 97.0, percent: 5}]}
              laptop: {target: 98.0, credits: {availabilityBelow: 97}}
        """);
    List<ConfigProblem> p = collectorProblems(f, Map.of());
    String server = "contracts.standard.availability.server.credits";
    assertHasProblem(p, "collector.yaml", 8, server + "[1].availabilityBelow",
        "listed from the highest threshold down");
    assertHasProblem(p, "collector.yaml", 9, server + "[2].percent", "120.0 is out of range");
    assertHasProblem(p, "collector.yaml", 10, server + "[3].below",
        "unknown key (expected one of: availabilityBelow, percent)");
    assertHasProblem(p, "collector.yaml", 10, server + "[3].availabilityBelow", "is required");
    assertHasProblem(p, "collector.yaml", 12, "contracts.standard.availability.workstation.credits[1].percent",
        "a lower availability cannot earn a smaller credit");
    assertHasProblem(p, "collector.yaml", 13, "contracts.standard.availability.laptop.credits", "expected a list");
  }

  @Test
  void creditThresholdsAboveAClassesTargetAreWarningsNamingFileLineAndKey() {
    Path f = write(dir, "collector.yaml", """
        contracts:
          standard:
            availability:
              server: {target: 99.9}
              workstation: {target: 99.0}
              laptop:
                target: 98.0
                credits:
                  - {availabilityBelow: 98.5, percent: 5}
                  - {availabilityBelow: 98.0, percent: 10}
            credits:
              - {availabilityBelow: 99.9, percent: 5}
              - {availabilityBelow: 99.5, percent: 10}
              - {availabilityBelow: 99.0, percent: 25}
        """);
    List<ConfigWarning> w = CollectorConfigLoader.loadWithWarnings(f, Map.of()).warnings();
    // 98.0 and 99.0 equal a target (no warning); servers' 99.9 equals theirs; laptops have tiers of their own
    assertThat(w).extracting(ConfigWarning::toString).containsExactly(
        "collector.yaml:9: contracts.standard.availability.laptop.credits[0].availabilityBelow: warning: 98.5 lies "
            + "above the laptop target 98.0: a class that meets its target earns no credit, so this tier takes "
            + "effect only below 98.0 (set availabilityBelow to at most 98.0 to say so)",
        "collector.yaml:12: contracts.standard.credits[0].availabilityBelow: warning: 99.9 lies above the target of "
            + "workstation (99.0): contract-wide tiers apply to a class only when it missed its target, so for "
            + "workstation only below 99.0 (give a class tiers of its own with availability.<class>.credits)",
        "collector.yaml:13: contracts.standard.credits[1].availabilityBelow: warning: 99.5 lies above the target of "
            + "workstation (99.0): contract-wide tiers apply to a class only when it missed its target, so for "
            + "workstation only below 99.0 (give a class tiers of its own with availability.<class>.credits)");
    assertThat(CollectorConfigLoader.load(f, Map.of()).contracts()).containsKey("standard");
  }

  @Test
  void aContractWideTierAboveSeveralTargetsIsOneWarningNamingEachClass() {
    Path f = write(dir, "collector.yaml", """
        contracts:
          standard:
            availability:
              workstation: {target: 99.0}
              laptop: {target: 98.0}
            credits: [{availabilityBelow: 99.5, percent: 10}]
        """);
    assertThat(CollectorConfigLoader.loadWithWarnings(f, Map.of()).warnings()).singleElement()
        .satisfies(w -> {
          assertThat(w.line()).isEqualTo(6);
          assertThat(w.key()).isEqualTo("contracts.standard.credits[0].availabilityBelow");
          assertThat(w.message()).startsWith("99.5 lies above the target of workstation (99.0) and laptop (98.0): ")
              .contains("so for workstation only below 99.0, laptop only below 98.0");
        });
  }

  @Test
  void secretsNeverAppearInProblems() {
    Path f = write(dir, "collector.yaml", """
        api:
          tokens:
            - {name: noc, token: "${T}", role: operator}
            - {name: ops, token: "${T}", role: operator}
        """);
    ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
        () -> CollectorConfigLoader.load(f, Map.of("T", "s3cret-value-0123456789")));
    assertThat(e.getMessage()).contains("api.tokens[1].token").doesNotContain("s3cret");
    Path shortOne = write(dir, "short.yaml", "api: {tokens: [{name: noc, token: hunter2, role: admin}]}\n");
    assertThat(collectorProblems(shortOne, Map.of())).extracting(ConfigProblem::message)
        .noneMatch(m -> m.contains("hunter2"));
  }

  @Test
  void redefiningTheBuiltInCalendarIsRefused() {
    Path f = write(dir, "collector.yaml", "calendars:\n  24x7: {weekly: [\"MON 00:00-24:00\"]}\n");
    assertHasProblem(collectorProblems(f, Map.of()), "collector.yaml", 2, "calendars.24x7", "built in");
  }
}
