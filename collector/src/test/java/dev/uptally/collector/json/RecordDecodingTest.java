package dev.uptally.collector.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.uptally.common.json.Json;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/**
 * Records decode through the shared mapper's spread constructor handles exactly as through Jackson's own creator
 * call: every property to its argument, defaults for absent ones, a constructor's refusal reported as a mapping
 * error, and without {@code MethodHandle.invokeWithArguments} on the way (the per-call spreader it builds was a tenth
 * of a replay's decoding).
 */
public class RecordDecodingTest {

  /** Public, so that the public lookup may call its constructor. */
  public record Probe(String name, int count, List<String> tags, Inner inner) {
    public Probe {
      if (count < 0) {
        throw new IllegalArgumentException("count below zero: " + count);
      }
      tags = tags == null ? List.of() : List.copyOf(tags);
      LAST_STACK.set(Thread.currentThread().getStackTrace());
    }
  }

  public record Inner(double value) {}

  private static final ThreadLocal<StackTraceElement[]> LAST_STACK = new ThreadLocal<>();

  @Test
  void everyPropertyReachesItsArgumentAndAbsentOnesTheirDefaults() {
    Probe p = Json.mapper().readValue("{\"count\":3,\"name\":\"a\",\"extra\":1,\"inner\":{\"value\":1.5}}", Probe.class);
    assertThat(p).isEqualTo(new Probe("a", 3, List.of(), new Inner(1.5)));
    Probe empty = Json.mapper().readValue("{}", Probe.class);
    assertThat(empty).isEqualTo(new Probe(null, 0, List.of(), null));
  }

  @Test
  void aConstructorsRefusalIsAMappingErrorNamingIt() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"name\":\"a\",\"count\":-1}", Probe.class))
        .isInstanceOf(JacksonException.class).hasMessageContaining("count below zero: -1");
  }

  @Test
  void theConstructorIsNotCalledThroughInvokeWithArguments() {
    Json.mapper().readValue("{\"name\":\"a\",\"count\":1}", Probe.class);
    assertThat(Arrays.stream(LAST_STACK.get()).map(e -> e.getClassName() + "." + e.getMethodName()))
        .doesNotContain("java.lang.invoke.MethodHandle.invokeWithArguments");
  }
}
