package dev.uptally.agent.spool;

import dev.uptally.agent.identity.IdentityStore;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Child JVM for the kill -9 test: records heartbeats as fast as it can, exactly as the agent does
 * (seq from the identity store, append + fsync, persist next seq), printing each seq once durable.
 */
public final class SpoolWriterChild {

  private SpoolWriterChild() {}

  public static void main(String[] args) {
    Path stateDir = Path.of(args[0]);
    IdentityStore identity = IdentityStore.open(stateDir);
    Spool spool = Spool.open(stateDir.resolve("spool"),
        SpoolLimits.of(SpoolLimits.DEFAULT_MAX_BYTES, SpoolLimits.DEFAULT_MAX_AGE), InstantSource.system());
    SampleRecorder recorder = new SampleRecorder(spool, identity);
    while (true) {
      long seq = recorder.record(s -> Samples.heartbeat(s, System.currentTimeMillis())).seq();
      System.out.println(seq);
      System.out.flush();
    }
  }
}
