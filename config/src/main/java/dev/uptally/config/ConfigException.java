package dev.uptally.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file has problems; all of them are listed, one per line, in the message. */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems.size() + (problems.size() == 1 ? " configuration problem:\n" : " configuration problems:\n")
        + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }
}
