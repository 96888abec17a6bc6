package dev.uptally.config;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes as the collector's YAML: a config, or a {@link ConfigException} listing problems with file:line, never
 * another exception, never slow (hostile YAML, aliases, deep nesting, tags, huge numbers). Regression mode replays
 * {@code CollectorConfigFuzzTestInputs/} (config/examples/collector.yaml among them); {@code JAZZER_FUZZ=1} fuzzes.
 */
class CollectorConfigFuzzTest {

  @FuzzTest
  @DictionaryEntries({"server:", "storage:", "api:", "heartbeat:", "calendars:", "contracts:", "clients:",
      "notifications:", "weekly:", "holidays:", "patchWindows:", "maintenance:", "priorities:", "credits:", "rules:",
      "&a ", "*a", "!!binary ", "${", ":-", "MON-FRI 08:00-18:00", "24x7", "minOnline: 30m", "target: 99.9"})
  void anyYamlLoadsOrListsItsProblemsWithFileAndLine(byte[] yaml) {
    ConfigFuzzing.load(yaml, f -> CollectorConfigLoader.load(f, ConfigFuzzing.env()));
  }
}
