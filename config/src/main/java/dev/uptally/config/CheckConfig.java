package dev.uptally.config;

import dev.uptally.config.agent.AgentConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ./uptally check-config FILE}: loads an agent or collector configuration (a top-level
 * {@code collector:} key means agent) and prints either every problem, one per line as
 * {@code file:line: key: message}, or a one-line summary. Never prints a secret.
 */
public final class CheckConfig {

  private static final Pattern AGENT_MARKER = Pattern.compile("(?m)^collector\\s*:");

  private CheckConfig() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CheckConfig FILE");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]), System.getenv(), System.out, System.err));
  }

  /** @return 0 when the file is valid, 1 when it has problems */
  public static int run(Path file, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      if (isAgentConfig(file)) {
        AgentConfig a = AgentConfigLoader.load(file, env);
        out.println(file.getFileName() + ": OK (agent config: collector " + a.collector().url() + ", deviceClass "
            + a.deviceClass() + ", stateDir " + a.stateDir() + ")");
      } else {
        CollectorConfig c = CollectorConfigLoader.load(file, env);
        out.println(file.getFileName() + ": OK (collector config: listen " + c.server().host() + ":"
            + c.server().port() + (c.server().tls() == null ? " plaintext" : " tls") + ", " + c.clients().size()
            + " clients, " + c.contracts().size() + " contracts, " + c.calendars().size() + " calendars, "
            + c.api().tokens().size() + " API tokens)");
      }
      return 0;
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println(p));
      return 1;
    }
  }

  /** Looks at the first 1 MiB only; the loader then reads the file again with all its limits. */
  private static boolean isAgentConfig(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(YamlSource.MAX_FILE_BYTES);
      return AGENT_MARKER.matcher(new String(head, java.nio.charset.StandardCharsets.UTF_8)).find();
    } catch (IOException e) {
      return false; // the collector loader reports the unreadable file with its name
    }
  }
}
