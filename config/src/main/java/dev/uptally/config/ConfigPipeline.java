package dev.uptally.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The loading pipeline both loaders share: read the YAML safely, then map it, reporting every problem (and every
 * warning) at once.
 */
final class ConfigPipeline {

  private ConfigPipeline() {}

  /** @throws ConfigException listing every problem found, with file, line and key */
  static <T> T load(Path file, Map<String, String> env, Function<ConfigNode, T> mapping) {
    return loadWithWarnings(file, env, mapping).config();
  }

  /**
   * The configuration and its warnings; warnings are reported only for a file without problems.
   *
   * @throws ConfigException listing every problem found, with file, line and key
   */
  static <T> LoadedConfig<T> loadWithWarnings(Path file, Map<String, String> env, Function<ConfigNode, T> mapping) {
    ReadContext ctx = new ReadContext(file, env);
    Node root = YamlSource.read(file, ctx).orElse(null);
    ctx.throwIfProblems();
    T config = mapping.apply(ConfigNode.root(root, ctx));
    ctx.throwIfProblems();
    return new LoadedConfig<>(config, ctx.warnings());
  }
}
