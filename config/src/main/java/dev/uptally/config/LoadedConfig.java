package dev.uptally.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration that loaded without problems, with the warnings found on the way (in file order). Immutable.
 *
 * @param <T> the configuration record
 */
public record LoadedConfig<T>(T config, List<ConfigWarning> warnings) {

  public LoadedConfig {
    Objects.requireNonNull(config, "config");
    warnings = List.copyOf(warnings);
  }
}
