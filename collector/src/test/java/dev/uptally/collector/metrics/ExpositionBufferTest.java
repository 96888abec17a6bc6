package dev.uptally.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpositionBufferTest {

  private static String written(double v) {
    ExpositionBuffer b = new ExpositionBuffer(1);
    b.appendDouble(v);
    return new String(b.toByteArray(), StandardCharsets.US_ASCII);
  }

  @Test
  void integersAreWrittenAsDigits() {
    assertThat(written(0)).isEqualTo("0");
    assertThat(written(-0.0)).isEqualTo("0");
    assertThat(written(1)).isEqualTo("1");
    assertThat(written(-42)).isEqualTo("-42");
    assertThat(written(1_764_000_000)).isEqualTo("1764000000");
    assertThat(written(107_374_182_400.0)).isEqualTo("107374182400");
  }

  @Test
  void wholeMillisecondsAreWrittenAsShortDecimals() {
    assertThat(written(1_764_000_000.123)).isEqualTo("1764000000.123");
    assertThat(written(3600.5)).isEqualTo("3600.5");
    assertThat(written(0.25)).isEqualTo("0.25");
    assertThat(written(-0.05)).isEqualTo("-0.05");
    assertThat(written(0.001)).isEqualTo("0.001");
  }

  @Test
  void otherValuesKeepEveryDigitAndParseBackExactly() {
    for (double v : new double[] {1.0 / 3, 0.999_999_9, 1e-9, 6.02e23, -2.5e-7, Math.PI * 1e6}) {
      assertThat(Double.parseDouble(written(v))).as("%s", v).isEqualTo(v);
    }
    assertThat(written(1e300)).isEqualTo("1.0E300");
  }

  @Test
  void specialValuesUseThePrometheusSpelling() {
    assertThat(written(Double.NaN)).isEqualTo("NaN");
    assertThat(written(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(written(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void everyMillisecondValueRoundTrips() {
    for (long millis = -5_000; millis <= 5_000; millis += 7) {
      double v = (1_764_000_000_000L + millis) / 1000.0;
      assertThat(Double.parseDouble(written(v))).isEqualTo(v);
    }
  }

  @Test
  void labelValuesAreEscapedAsUtf8() {
    ExpositionBuffer b = new ExpositionBuffer(1);
    DeviceLabels.appendEscaped(b, "a\\b\"c\nd ü");
    assertThat(new String(b.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("a\\\\b\\\"c\\nd ü");
  }

  @Test
  void bufferGrowsPastItsInitialCapacity() {
    ExpositionBuffer b = new ExpositionBuffer(64);
    for (int i = 0; i < 10_000; i++) {
      b.appendLong(i).append('\n');
    }
    String s = new String(b.toByteArray(), StandardCharsets.US_ASCII);
    assertThat(s).startsWith("0\n1\n2\n").endsWith("9999\n");
    assertThat(b.size()).isEqualTo(s.length());
  }
}
