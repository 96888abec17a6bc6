package dev.uptally.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one load needs everywhere: where problems and warnings go, the environment, and the directory paths resolve
 * against.
 */
final class ReadContext {

  /** A generated or corrupted file can hold thousands of problems; the first ones are what a person fixes. */
  static final int MAX_REPORTED = 200;

  private final String fileName;
  private final Path baseDir;
  private final Map<String, String> env;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<ConfigWarning> warnings = new ArrayList<>();

  ReadContext(Path file, Map<String, String> env) {
    Path absolute = file.toAbsolutePath();
    this.fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    this.baseDir = absolute.getParent() == null ? absolute : absolute.getParent();
    this.env = Map.copyOf(env);
  }

  void problem(int line, String key, String message) {
    problems.add(new ConfigProblem(fileName, line, key, message));
  }

  void warning(int line, String key, String message) {
    warnings.add(new ConfigWarning(fileName, line, key, message));
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

  /**
   * In file order (by line; problems of one line in the order found), at most
   * {@value #MAX_REPORTED} of them and then a line saying how many more there are.
   */
  List<ConfigProblem> problems() {
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator.comparingInt(ConfigProblem::line));
    if (sorted.size() > MAX_REPORTED) {
      int more = sorted.size() - MAX_REPORTED;
      sorted = new ArrayList<>(sorted.subList(0, MAX_REPORTED));
      sorted.add(new ConfigProblem(fileName, 0, "", "… and " + more + " more problems"));
    }
    return List.copyOf(sorted);
  }

  /** In file order (by line; warnings of one line in the order found). */
  List<ConfigWarning> warnings() {
    List<ConfigWarning> sorted = new ArrayList<>(warnings);
    sorted.sort(java.util.Comparator.comparingInt(ConfigWarning::line));
    return List.copyOf(sorted);
  }

  /** @throws ConfigException listing every problem collected so far, if any */
  void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems());
    }
  }
}
