package dev.uptally.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.protocol.Sample;
import dev.uptally.common.protocol.SampleEvent;
import dev.uptally.common.protocol.ShutdownReason;
import java.time.Instant;
import java.util.List;

/** Checks a device's sample stream against the wire protocol and against the device's truth. */
final class SampleInvariants {

  private SampleInvariants() {}

  static void checkStream(DeviceBehaviour d, List<Sample> samples, long intervalMillis) {
    String who = d.hostname();
    assertThat(samples).as("%s samples", who).isNotEmpty();
    Sample first = samples.get(0);
    assertThat(first.event()).as("%s first event", who).isEqualTo(SampleEvent.STARTUP);
    assertThat(first.inventory()).as("%s first inventory", who).isNotNull();
    assertThat(first.seq()).isEqualTo(1L);
    for (int i = 1; i < samples.size(); i++) {
      checkStep(who, samples.get(i - 1), samples.get(i), intervalMillis);
    }
  }

  private static void checkStep(String who, Sample prev, Sample s, long intervalMillis) {
    String at = who + " seq " + s.seq();
    assertThat(s.seq()).as("%s: seq continuous", at).isEqualTo(prev.seq() + 1);
    assertThat(s.time()).as("%s: time increases", at).isGreaterThan(prev.time());
    assertThat(s.bootTime()).as("%s: boot before sample", at).isLessThan(s.time());
    assertThat(s.inventory()).as("%s: inventory only at enrollment", at).isNull();
    boolean newBoot = !s.bootTime().equals(prev.bootTime());
    if (newBoot) {
      assertThat(s.event()).as("%s: a new boot starts with startup", at).isEqualTo(SampleEvent.STARTUP);
      assertThat(s.bootTime()).as("%s: the new boot is after the last sample", at).isGreaterThan(prev.time());
      assertThat(prev.event() == SampleEvent.SHUTDOWN ? prev.reason() : ShutdownReason.OS)
          .as("%s: an agent-only stop never ends in a new boot", at).isEqualTo(ShutdownReason.OS);
    }
    if (prev.event() == SampleEvent.SUSPEND) {
      assertThat(s.event()).as("%s: after a suspend the agent resumes", at).isEqualTo(SampleEvent.RESUME);
      assertThat(s.sleptFrom()).as("%s: the sleep begins at the suspend", at).isEqualTo(prev.time());
    }
    if (prev.event() == SampleEvent.SHUTDOWN) {
      assertThat(s.event()).as("%s: after a shutdown the agent starts up", at).isEqualTo(SampleEvent.STARTUP);
      assertThat(newBoot).as("%s: new boot iff the OS went down", at).isEqualTo(prev.reason() == ShutdownReason.OS);
    }
    switch (s.event() == null ? "heartbeat" : s.event().wireName()) {
      case "shutdown" -> assertThat(s.reason()).as("%s: reason", at).isNotNull();
      case "suspend" -> assertThat(newBoot).as("%s: suspend keeps the boot", at).isFalse();
      case "resume" -> {
        assertThat(newBoot).as("%s: resume keeps the boot", at).isFalse();
        assertThat(s.sleptFrom()).as("%s: sleptFrom", at).isGreaterThanOrEqualTo(prev.time()).isLessThan(s.sleptUntil());
        assertThat(s.sleptUntil()).as("%s: sleptUntil", at).isLessThan(s.time());
        assertThat(s.health()).as("%s: health on resume", at).isNotNull();
      }
      case "startup" -> assertThat(s.health()).as("%s: health on startup", at).isNotNull();
      default -> {
        if (prev.event() == null) {
          assertThat(s.time() - prev.time()).as("%s: heartbeats one interval apart", at).isEqualTo(intervalMillis);
        }
      }
    }
  }

  /** No sample's true time lies strictly inside a non-up truth interval; the truth is contiguous. */
  static void checkAgainstTruth(DeviceBehaviour d, List<Sample> samples, List<TruthInterval> truth) {
    for (int i = 1; i < truth.size(); i++) {
      assertThat(truth.get(i).start()).as("%s truth contiguous", d.hostname()).isEqualTo(truth.get(i - 1).end());
      assertThat(truth.get(i).kind()).isNotEqualTo(truth.get(i - 1).kind());
    }
    assertThat(truth.get(0).start().toEpochMilli()).as("%s truth starts at the first boot", d.hostname())
        .isEqualTo(samples.get(0).bootTime() - d.clockSkewMillis());
    int t = 0;
    for (Sample s : samples) {
      long trueMillis = s.time() - d.clockSkewMillis();
      while (truth.get(t).end().toEpochMilli() <= trueMillis) {
        t++;
      }
      TruthInterval in = truth.get(t);
      if (in.kind() != TruthKind.UP) {
        assertThat(Instant.ofEpochMilli(trueMillis)).as("%s seq %d %s inside %s", d.hostname(), s.seq(), s.event(), in)
            .isEqualTo(in.start());
        assertThat(s.event()).isIn(SampleEvent.SHUTDOWN, SampleEvent.SUSPEND);
        if (s.event() == SampleEvent.SUSPEND) {
          assertThat(in.kind()).as("%s seq %d: a suspend begins a sleep", d.hostname(), s.seq()).isEqualTo(TruthKind.ASLEEP);
        }
      }
    }
  }
}
