package dev.uptally.config;

import java.util.Objects;

/**
 * Something in a configuration file that is valid but probably not what was meant: loading succeeds, and
 * {@code check-config} prints it.
 *
 * @param file the file's name as given to the loader (its last path element)
 * @param line 1-based line of the key or value the warning is about
 * @param key dotted key path, e.g. {@code contracts.standard.credits[0].availabilityBelow}
 * @param message what is odd, what the collector will do with it and how to say something else; never a secret
 */
public record ConfigWarning(String file, int line, String key, String message) {

  public ConfigWarning {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }

  /** {@code collector.yaml:57: contracts.standard.credits[0].availabilityBelow: warning: …}. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + (key.isEmpty() ? "" : key + ": ") + "warning: " + message;
  }
}
