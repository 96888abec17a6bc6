package dev.uptally.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file.
 *
 * @param file the file's name as given to the loader (its last path element)
 * @param line 1-based line of the offending key or value; 0 when the problem is the whole file
 * @param key dotted key path, e.g. {@code contracts.standard.priorities.P1.response} or
 *     {@code clients[0].contract}; empty when the problem is the whole file
 * @param message what is wrong and, where possible, how to fix it; never contains a secret
 */
public record ConfigProblem(String file, int line, String key, String message) {

  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  /** {@code collector.yaml:12: contracts.standard.priorities.P1.response: '15x' is not a duration …}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + message;
  }
}
