package dev.uptally.collector.it;

import dev.uptally.collector.CollectorApp;
import dev.uptally.collector.sla.TestConfigs;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/** A collector in its own JVM for crash tests: {@code CollectorProcess <db file>}; prints {@code LISTENING <port>}. */
public final class CollectorProcess {

  private CollectorProcess() {}

  public static void main(String[] args) throws Exception {
    CollectorApp app = new CollectorApp(TestConfigs.standard(ZoneId.of("America/New_York"), Path.of(args[0])),
        Clock.systemUTC());
    InetSocketAddress at = app.start();
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    System.out.println("LISTENING " + at.getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
