package dev.uptally.agent.heartbeat;

import dev.uptally.agent.power.SleepListener;
import java.time.Duration;

/** Turns the OS's sleep announcements into the loop's {@code suspend} and {@code resume} samples. */
public final class SleepAnnouncer implements SleepListener {

  private final HeartbeatLoop loop;

  public SleepAnnouncer(HeartbeatLoop loop) {
    this.loop = loop;
  }

  @Override
  public void aboutToSleep(Duration budget) {
    loop.suspend(budget);
  }

  @Override
  public void woke() {
    loop.woke();
  }
}
