package dev.uptally.config;

import dev.uptally.config.agent.AgentConfig;
import dev.uptally.config.collector.CollectorConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * {@code ./uptally check-config FILE}: loads an agent or collector configuration (a top-level
 * {@code collector:} key means agent) and prints either every problem, one per line as
 * {@code file:line: key: message}, or a one-line summary preceded by any warnings, one per line as
 * {@code file:line: key: warning: message} (valid, but probably not what was meant; the exit status stays 0).
 * Never prints a secret.
 */
public final class CheckConfig {

  private CheckConfig() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CheckConfig FILE");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]), System.getenv(), System.out, System.err));
  }

  /** @return 0 when the file is valid (warnings or not), 1 when it has problems */
  public static int run(Path file, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      if (isAgentConfig(file, env)) {
        AgentConfig a = AgentConfigLoader.load(file, env);
        out.println(file.getFileName() + ": OK (agent config: collector " + urls(a) + ", deviceClass "
            + a.deviceClass() + ", stateDir " + a.stateDir() + ")");
      } else {
        LoadedConfig<CollectorConfig> loaded = CollectorConfigLoader.loadWithWarnings(file, env);
        loaded.warnings().forEach(w -> err.println(w));
        CollectorConfig c = loaded.config();
        String host = c.server().host().contains(":") ? "[" + c.server().host() + "]" : c.server().host();
        out.println(file.getFileName() + ": OK (collector config: listen " + host + ":" + c.server().port() + (c.server().tls() == null ? " plaintext" : " tls") + ", " + c.clients().size()
            + " clients, " + c.contracts().size() + " contracts, " + c.calendars().size() + " calendars, "
            + c.api().tokens().size() + " API tokens; storage " + storage(c.storage()) + statusPages(c) + ")"
            + warnings(loaded.warnings().size()));
      }
      return 0;
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println(p));
      return 1;
    }
  }

  /** The collector URL, or the URLs comma-separated in the order the agent tries them. */
  private static String urls(AgentConfig a) {
    return a.collector().urls().stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  /** "; public status pages /status/acme-status (acme), …", or nothing when no client has one. */
  private static String statusPages(CollectorConfig c) {
    String pages = c.clients().stream().filter(client -> client.statusPage() != null)
        .map(client -> client.statusPage().path() + " (" + client.id() + ")").collect(Collectors.joining(", "));
    return pages.isEmpty() ? "" : "; public status pages " + pages;
  }

  private static String warnings(int n) {
    return n == 0 ? "" : " with " + n + (n == 1 ? " warning" : " warnings");
  }

  /**
   * True when the document is a mapping with a top-level {@code collector} key. A file that cannot
   * be read is handed to the collector loader, which reports why with the file's name.
   */
  private static boolean isAgentConfig(Path file, Map<String, String> env) {
    ReadContext probe = new ReadContext(file, env);
    return YamlSource.read(file, probe)
        .filter(root -> root instanceof MappingNode)
        .map(root -> ((MappingNode) root).getValue().stream()
            .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && "collector".equals(k.getValue())))
        .orElse(false);
  }

  /** The storage in one phrase, never with the password (a PostgreSQL URL carries none: the loader refuses it). */
  private static String storage(dev.uptally.config.collector.StorageConfig s) {
    String mode = s.standby() ? ", standby" : "";
    if (s instanceof dev.uptally.config.collector.StorageConfig.Sqlite sqlite) {
      return "SQLite " + sqlite.path() + mode;
    }
    dev.uptally.config.collector.StorageConfig.Postgres pg = (dev.uptally.config.collector.StorageConfig.Postgres) s;
    return "PostgreSQL " + pg.url() + " as " + pg.user() + mode;
  }
}
