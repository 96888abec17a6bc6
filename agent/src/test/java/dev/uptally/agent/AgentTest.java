package dev.uptally.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SystemStateProbe;
import dev.uptally.agent.hardware.FakeHardwareReader;
import dev.uptally.agent.identity.StateDirException;
import dev.uptally.agent.power.SleepListener;
import dev.uptally.agent.power.SleepNotifier;
import dev.uptally.agent.power.SleepNotifierUnavailableException;
import dev.uptally.agent.testing.LogCapture;
import dev.uptally.agent.testing.FakeCollector.Answer;
import dev.uptally.agent.testing.FakeCollector;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.HeartbeatBatch;
import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import dev.uptally.config.agent.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wired agent with real threads and a real loopback collector stand-in; fake hardware and OS state. */
class AgentTest {

  @TempDir Path tmp;
  private final FakeCollector collector = new FakeCollector().otherwise(AgentTest::answer);

  @AfterEach
  void stop() {
    collector.close();
  }

  private static Answer answer(FakeCollector.Received r) {
    if (r.path().equals("/v1/enroll")) {
      return Answer.ok("{\"deviceToken\":\"t1\",\"clientId\":\"acme\",\"intervalSeconds\":30}");
    }
    HeartbeatBatch b = Json.mapper().readValue(r.body(), HeartbeatBatch.class);
    return Answer.ok("{\"ackedSeq\":" + b.samples().get(b.samples().size() - 1).seq() + ",\"intervalSeconds\":30}");
  }

  private AgentConfig config(Path stateDir) {
    return new AgentConfig(new AgentConfig.CollectorEndpoint(collector.url(), null, null), "enroll-secret", "auto",
        stateDir, new AgentConfig.SpoolConfig(1 << 20, Duration.ofDays(35)), Map.of());
  }

  private List<Sample> delivered() {
    return collector.received().stream().filter(r -> r.path().equals("/v1/heartbeats"))
        .flatMap(r -> Json.mapper().readValue(r.body(), HeartbeatBatch.class).samples().stream()).toList();
  }

  /** Waits until the collector has received {@code count} distinct seqs (replays are allowed by the protocol). */
  private void awaitDelivered(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (distinctSeqs().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20); // bounded wait for real I/O on loopback
    }
    assertThat(distinctSeqs()).hasSizeGreaterThanOrEqualTo(count);
  }

  private List<Long> distinctSeqs() {
    return delivered().stream().map(Sample::seq).distinct().toList();
  }

  @Test
  void startSendsStartupAndStopDuringOsShutdownSendsShutdownWithReasonOs() throws Exception {
    Agent agent = Agent.create(config(tmp.resolve("state")), new FakeHardwareReader(), () -> true, AgentClock.system());
    agent.start();
    awaitDelivered(1);
    assertThat(delivered().get(0).event()).isEqualTo(SampleEvent.STARTUP);

    Sample shutdown = agent.stop();
    assertThat(shutdown.reason()).isEqualTo(ShutdownReason.OS);
    assertThat(delivered().get(delivered().size() - 1)).isEqualTo(shutdown);
    assertThat(agent.stop()).as("stopping twice records nothing more").isNull();
  }

  @Test
  void serviceStopWhileTheOsRunsIsReportedAsAgentAndTheDeviceIdSurvivesRestart() throws Exception {
    Path state = tmp.resolve("state");
    Agent first = Agent.create(config(state), new FakeHardwareReader(), SystemStateProbe.AGENT_ONLY, AgentClock.system());
    first.start();
    awaitDelivered(1);
    assertThat(first.stop().reason()).isEqualTo(ShutdownReason.AGENT);

    Agent second = Agent.create(config(state), new FakeHardwareReader(), SystemStateProbe.AGENT_ONLY, AgentClock.system());
    assertThat(second.deviceId()).isEqualTo(first.deviceId());
    second.start();
    awaitDelivered(3);
    second.stop();
    assertThat(distinctSeqs()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(delivered().stream().map(Sample::seq).toList()).as("oldest first, a replay at most").isSorted();
    assertThat(collector.received().stream().filter(r -> r.path().equals("/v1/enroll"))).hasSize(1);
  }

  @Test
  void withSeveralCollectorUrlsTheAgentDeliversThroughTheOneThatAnswers() throws Exception {
    AgentConfig config = new AgentConfig(
        new AgentConfig.CollectorEndpoint(List.of(FakeCollector.closedPort(), collector.url()), null, null),
        "enroll-secret", "auto", tmp.resolve("state"), new AgentConfig.SpoolConfig(1 << 20, Duration.ofDays(35)),
        Map.of());
    Agent agent = Agent.create(config, new FakeHardwareReader(), SystemStateProbe.AGENT_ONLY, AgentClock.system());
    agent.start();
    awaitDelivered(1);
    agent.stop();
    assertThat(distinctSeqs()).containsExactly(1L, 2L);
    assertThat(collector.received().get(0).path()).as("enrolled there too").isEqualTo("/v1/enroll");
  }

  /** A notifier the test drives: it announces when told, like the OS would. */
  private static final class ScriptedNotifier implements SleepNotifier {
    volatile SleepListener listener;
    volatile boolean closed;

    @Override
    public void start(SleepListener l) {
      listener = l;
    }

    @Override
    public String describe() {
      return "scripted";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void theOsAnnouncingSleepGivesASuspendSampleAtOnceAndTheWakeUpAResume() throws Exception {
    ScriptedNotifier os = new ScriptedNotifier();
    Agent agent = Agent.create(config(tmp.resolve("state")), new FakeHardwareReader(), SystemStateProbe.AGENT_ONLY,
        AgentClock.system(), os);
    agent.start();
    awaitDelivered(1);
    os.listener.aboutToSleep(Duration.ofSeconds(3));
    assertThat(delivered().stream().map(Sample::event)).as("sent before aboutToSleep returned")
        .contains(SampleEvent.SUSPEND);
    os.listener.woke();
    awaitDelivered(3);
    Sample suspend = delivered().stream().filter(x -> x.event() == SampleEvent.SUSPEND).findFirst().orElseThrow();
    Sample resume = delivered().stream().filter(x -> x.event() == SampleEvent.RESUME).findFirst().orElseThrow();
    assertThat(resume.sleptFrom()).isEqualTo(suspend.time());
    agent.stop();
    assertThat(os.closed).as("the notifier lets go when the agent stops").isTrue();
  }

  @Test
  void whereTheOsCannotAnnounceSleepTheAgentSaysSoOnceAndRunsAsWithout() throws Exception {
    SleepNotifier unavailable = new SleepNotifier() {
      @Override
      public void start(SleepListener listener) throws SleepNotifierUnavailableException {
        throw new SleepNotifierUnavailableException("no system D-Bus at unix:path=/nowhere", null);
      }

      @Override
      public String describe() {
        return "unavailable";
      }

      @Override
      public void close() {}
    };
    try (LogCapture log = new LogCapture(Agent.class)) {
      Agent agent = Agent.create(config(tmp.resolve("state")), new FakeHardwareReader(), SystemStateProbe.AGENT_ONLY,
          AgentClock.system(), unavailable);
      agent.start();
      awaitDelivered(1);
      agent.stop();
      assertThat(log.lines()).filteredOn(l -> l.message().contains("will not announce sleep")).singleElement()
          .satisfies(l -> {
            assertThat(l.level()).isEqualTo(java.util.logging.Level.INFO);
            assertThat(l.message()).contains("no system D-Bus at unix:path=/nowhere");
          });
    }
    assertThat(delivered().stream().map(Sample::event)).containsExactly(SampleEvent.STARTUP, SampleEvent.SHUTDOWN);
  }

  @Test
  void unwritableStateDirFailsWithAClearErrorNamingThePath() throws Exception {
    Path blocker = Files.writeString(tmp.resolve("file"), "x");
    Path state = blocker.resolve("state");
    assertThatThrownBy(() -> Agent.create(config(state), new FakeHardwareReader(), SystemStateProbe.AGENT_ONLY,
        AgentClock.system()))
        .isInstanceOf(StateDirException.class)
        .hasMessageContaining(state.toAbsolutePath().toString());
  }

  @Test
  void deviceClassAutoUsesTheHardware() throws Exception {
    FakeHardwareReader desktop = new FakeHardwareReader().withoutBattery();
    assertThat(Agent.create(config(tmp.resolve("a")), desktop, SystemStateProbe.AGENT_ONLY, AgentClock.system())
        .deviceClass().wireName()).isEqualTo("workstation");
  }
}
