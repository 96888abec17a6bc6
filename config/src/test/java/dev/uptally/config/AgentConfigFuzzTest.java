package dev.uptally.config;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes as the agent's YAML: a config, or a {@link ConfigException} listing problems with file:line, never
 * another exception, never slow. Regression mode replays {@code AgentConfigFuzzTestInputs/} (config/examples/agent.yaml
 * among them); {@code JAZZER_FUZZ=1} fuzzes.
 */
class AgentConfigFuzzTest {

  @FuzzTest
  @DictionaryEntries({"collector:", "url:", "urls:", "caFile:", "proxy:", "enrollmentToken:", "deviceClass:",
      "stateDir:", "spool:", "maxBytes:", "maxAge:", "tags:", "64MiB", "35d", "https://", "${", "&a ", "*a"})
  void anyYamlLoadsOrListsItsProblemsWithFileAndLine(byte[] yaml) {
    ConfigFuzzing.load(yaml, f -> AgentConfigLoader.load(f, ConfigFuzzing.env()));
  }
}
