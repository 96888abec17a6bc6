package dev.uptally.collector.metrics;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for writing exposition text without a {@code Writer}, a charset encoder or per-value
 * strings: label bytes are copied as they are, numbers are written digit by digit. Not thread-safe: one scrape
 * owns one buffer.
 */
final class ExpositionBuffer extends OutputStream {

  private static final byte[] POS_INF = ascii("+Inf");
  private static final byte[] NEG_INF = ascii("-Inf");
  private static final byte[] NAN = ascii("NaN");
  /** Below this magnitude a double that holds an integer converts to a long exactly. */
  private static final double EXACT_LONG = 1e15;

  private byte[] bytes;
  private int size;

  ExpositionBuffer(int initialCapacity) {
    bytes = new byte[Math.max(64, initialCapacity)];
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Empties the buffer, keeping its capacity for the next scrape. */
  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  void writeTo(OutputStream out) throws java.io.IOException {
    out.write(bytes, 0, size);
  }

  /** The contents as one gzip member, deflated in segments at once ({@link ParallelGzip}). */
  byte[] gzip(int segments, int minSegment, java.util.concurrent.Executor pool) {
    return ParallelGzip.gzip(bytes, 0, size, segments, minSegment, pool);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  ExpositionBuffer append(byte[] b) {
    write(b, 0, b.length);
    return this;
  }

  ExpositionBuffer append(char c) {
    write(c);
    return this;
  }

  /**
   * Writes a sample value so that Prometheus parses it back to exactly {@code v}: integers as digits, values that
   * are a whole number of milliseconds (our durations and timestamps) as decimals with up to three places, anything
   * else as {@link Double#toString}.
   */
  ExpositionBuffer appendDouble(double v) {
    if (v == Math.rint(v) && Math.abs(v) < EXACT_LONG) {
      return appendLong((long) v);
    }
    if (Double.isNaN(v)) {
      return append(NAN);
    }
    if (Double.isInfinite(v)) {
      return append(v > 0 ? POS_INF : NEG_INF);
    }
    double scaled = v * 1000;
    if (Math.abs(scaled) < EXACT_LONG) {
      long millis = Math.round(scaled);
      if (millis / 1000.0 == v) {
        return appendThousandths(millis);
      }
    }
    return append(ascii(Double.toString(v)));
  }

  /** {@code millis / 1000} as a decimal without trailing zeros, e.g. 1764000000123 → {@code 1764000000.123}. */
  ExpositionBuffer appendThousandths(long millis) {
    if (millis < 0) {
      write('-');
      millis = -millis;
    }
    appendLong(millis / 1000);
    int fraction = (int) (millis % 1000);
    if (fraction != 0) {
      write('.');
      int digits = 3;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      ensure(digits);
      for (int i = digits - 1; i >= 0; i--) {
        bytes[size + i] = (byte) ('0' + fraction % 10);
        fraction /= 10;
      }
      size += digits;
    }
    return this;
  }

  ExpositionBuffer appendLong(long v) {
    if (v == Long.MIN_VALUE) {
      return append(ascii(Long.toString(v)));
    }
    if (v < 0) {
      write('-');
      v = -v;
    }
    int digits = 1;
    for (long rest = v / 10; rest != 0; rest /= 10) {
      digits++;
    }
    ensure(digits);
    for (int i = size + digits - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    size += digits;
    return this;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("metrics scrape exceeds 2 GiB (" + size + " bytes written, " + more + " more)");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }
}
