package dev.uptally.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./uptally} — one entry point for every Uptally command. */
@Command(name = "uptally", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Availability SLAs for managed service providers: collector, agent, demo and reports.",
    subcommands = {DemoCommand.class, CollectorCommand.class, CheckConfigCommand.class, ReportCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    }
    int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (code != 0 || !CollectorCommand.RUNNING.get()) {
      System.exit(code);
    }
  }

  /** The version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"uptally " + (v == null ? "dev" : v)};
    }
  }
}
