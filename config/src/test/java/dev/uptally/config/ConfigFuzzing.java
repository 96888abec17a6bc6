package dev.uptally.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads fuzzed bytes as a configuration file and checks the loader's contract: a config, or a
 * {@link ConfigException} whose every problem names this file with a line inside it and says what is wrong; nothing
 * else thrown, and no input costs more than a few seconds. One reused temporary file per JVM.
 */
final class ConfigFuzzing {

  /** Far above any honest input (a 1 MiB file loads in well under a second); a hang or a blow-up shows here. */
  private static final Duration SLOW = Duration.ofSeconds(5);
  private static final Map<String, String> ENV = Map.of("UPTALLY_API_TOKEN", "a".repeat(32),
      "ACME_ENROLL_TOKEN", "b".repeat(32), "GLOBEX_ENROLL_TOKEN", "c".repeat(32),
      "INITECH_ENROLL_TOKEN", "d".repeat(32), "UPTALLY_ENROLL_TOKEN", "e".repeat(32));
  private static final Path FILE = tempFile();

  private ConfigFuzzing() {}

  static <T> void load(byte[] yaml, Function<Path, T> loader) {
    write(yaml);
    long start = System.nanoTime();
    try {
      T config = loader.apply(FILE);
      assertThat(config).as("a load without problems returns a config").isNotNull();
    } catch (ConfigException e) {
      long lines = 1 + new String(yaml, java.nio.charset.StandardCharsets.UTF_8).lines().count();
      assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
        assertThat(p.file()).isEqualTo(FILE.getFileName().toString());
        assertThat(p.line()).as("line of '%s'", p).isBetween(0, (int) lines);
        assertThat(p.message()).as("message of '%s'", p).isNotBlank();
      });
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to load").isLessThan(SLOW);
  }

  static Map<String, String> env() {
    return ENV;
  }

  private static void write(byte[] yaml) {
    try {
      Files.write(FILE, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + FILE, e);
    }
  }

  private static Path tempFile() {
    try {
      Path file = Files.createTempFile("uptally-fuzz-", ".yaml");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file", e);
    }
  }
}
