package dev.uptally.agent;

import dev.uptally.agent.clock.AgentClock;
import dev.uptally.agent.events.SystemStateProbe;
import dev.uptally.agent.events.SystemdStateProbe;
import dev.uptally.agent.hardware.DeviceClassResolver;
import dev.uptally.agent.hardware.HardwareReader;
import dev.uptally.agent.hardware.OshiHardwareReader;
import dev.uptally.agent.identity.StateDirException;
import dev.uptally.agent.power.BoundedSleepListener;
import dev.uptally.agent.power.NoSleepNotifier;
import dev.uptally.agent.power.SleepNotifier;
import dev.uptally.agent.power.logind.LogindSleepNotifier;
import dev.uptally.agent.power.mac.MacSleepNotifier;
import dev.uptally.agent.power.windows.WindowsSleepNotifier;
import dev.uptally.common.json.Json;
import dev.uptally.common.protocol.Sample;
import dev.uptally.config.AgentConfigLoader;
import dev.uptally.config.ConfigException;
import dev.uptally.config.agent.AgentConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar uptally-agent.jar --config FILE} runs the agent until SIGTERM/SIGINT;
 * {@code --once} prints one sample of this machine as JSON and exits (diagnosis; touches no state).
 * Exit codes: 0 ok, 1 runtime failure (state dir, CA file), 2 usage or configuration error.
 */
public final class AgentMain {

  private AgentMain() {}

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", AgentLogManager.class.getName());
    }
    quietOshiLogging();
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      // one line per record (journald adds the timestamp): "WARNING dev.uptally.agent.X: message"
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
    }
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path config = null;
    boolean once = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--once" -> once = true;
        case "--config" -> {
          if (i + 1 >= args.length) {
            err.println("--config needs a file");
            return 2;
          }
          config = Path.of(args[++i]);
        }
        case "--version" -> {
          out.println("uptally-agent " + AgentVersion.current());
          return 0;
        }
        case "--help", "-h" -> {
          out.println(usage());
          return 0;
        }
        default -> {
          err.println("unknown argument '" + args[i] + "'\n" + usage());
          return 2;
        }
      }
    }
    if (once) {
      return printOneSample(out);
    }
    if (config == null) {
      err.println("--config FILE is required\n" + usage());
      return 2;
    }
    return runService(config, err);
  }

  private static String usage() {
    return "usage: uptally-agent --config FILE     run the agent\n"
        + "       uptally-agent --once            print one sample of this machine as JSON";
  }

  /** Loads the YAML configuration (config module's loader: file:line:key errors, ${ENV} substitution). */
  static AgentConfig loadConfig(Path file) {
    return AgentConfigLoader.load(file);
  }

  private static int runService(Path configFile, PrintStream err) {
    AgentConfig config;
    try {
      config = loadConfig(configFile);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    Agent agent;
    try {
      agent = Agent.create(config, OshiHardwareReader.forThisMachine(), systemStateProbe(), AgentClock.system(),
          sleepNotifier());
    } catch (StateDirException | IOException e) {
      err.println("uptally-agent: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        agent.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        System.getLogger(AgentMain.class.getName())
            .log(Level.WARNING, "interrupted while stopping; the shutdown sample may be missing");
      } finally {
        stopped.countDown();
      }
    }, "uptally-shutdown"));
    agent.start();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static int printOneSample(PrintStream out) {
    HardwareReader hw = OshiHardwareReader.forThisMachine();
    hw.health();
    try {
      Thread.sleep(1000); // CPU usage is a delta of tick counters: give it one second to measure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Sample s = new Sample(null, System.currentTimeMillis(), hw.bootTimeMillis(), null, null, null, null,
        hw.health(), hw.inventory());
    out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s));
    System.err.println("deviceClass auto would be: " + DeviceClassResolver.resolve("auto", hw).wireName());
    return 0;
  }

  static SystemStateProbe systemStateProbe() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
        ? SystemdStateProbe.system()
        : SystemStateProbe.AGENT_ONLY;
  }

  /** The OS's sleep announcements where it makes them; elsewhere none (sleep is then seen from the clock gap). */
  static SleepNotifier sleepNotifier() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux")) {
      return new LogindSleepNotifier(LogindSleepNotifier.systemBusAddress(System.getenv()),
          BoundedSleepListener.DEFAULT_BUDGET);
    }
    if (os.startsWith("windows")) {
      return new WindowsSleepNotifier(WindowsSleepNotifier.WINDOWS_BUDGET);
    }
    if (os.startsWith("mac")) {
      return new MacSleepNotifier(BoundedSleepListener.DEFAULT_BUDGET);
    }
    return new NoSleepNotifier();
  }

  /** OSHI logs through SLF4J; without a binding SLF4J prints a warning on every start. Route it to nothing. */
  private static void quietOshiLogging() {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    }
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }
}
