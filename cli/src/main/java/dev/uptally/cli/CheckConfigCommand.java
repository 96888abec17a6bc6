package dev.uptally.cli;

import dev.uptally.config.CheckConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-config", description = "Validate a collector or agent configuration; prints every problem "
    + "with file:line: key (exit 1), and every warning as file:line: key: warning: (exit 0).")
final class CheckConfigCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "collector or agent YAML")
  Path file;

  PrintStream stdout = System.out;
  PrintStream stderr = System.err;

  @Override
  public Integer call() {
    return CheckConfig.run(file, System.getenv(), stdout, stderr);
  }
}
