package dev.uptally.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What one load needs everywhere: where problems go, the environment, and the directory paths resolve against. */
final class ReadContext {

  private final String fileName;
  private final Path baseDir;
  private final Map<String, String> env;
  private final List<ConfigProblem> problems = new ArrayList<>();

  ReadContext(Path file, Map<String, String> env) {
    Path absolute = file.toAbsolutePath();
    this.fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    this.baseDir = absolute.getParent() == null ? absolute : absolute.getParent();
    this.env = Map.copyOf(env);
  }

  void problem(int line, String key, String message) {
    problems.add(new ConfigProblem(fileName, line, key, message));
  }

  String fileName() {
    return fileName;
  }

  Path baseDir() {
    return baseDir;
  }

  Map<String, String> env() {
    return env;
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** In file order (by line; problems of one line in the order found). */
  List<ConfigProblem> problems() {
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator.comparingInt(ConfigProblem::line));
    return List.copyOf(sorted);
  }

  /** @throws ConfigException listing every problem collected so far, if any */
  void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems());
    }
  }
}
