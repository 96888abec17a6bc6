package dev.uptally.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelGzipTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Exposition-like text (repetitive, so back-references cross the segment boundaries) with some noise. */
  private static byte[] body(int size, long seed) {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder(size + 200);
    while (s.length() < size) {
      s.append("uptally_device_up{device_id=\"dev-").append(r.nextInt(100_000)).append("\",client_id=\"acme\"} ")
          .append(r.nextInt(2)).append('\n');
    }
    return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void segmentsJoinIntoOneGzipMemberThatDecodesToTheBody() throws Exception {
    for (int size : new int[] {0, 1, 100, 32 * 1024 - 1, 32 * 1024 + 1, 1 << 20, 3 * (1 << 20) + 7}) {
      byte[] in = body(size, size);
      for (int segments : new int[] {1, 2, 3, 7}) {
        byte[] gz = ParallelGzip.gzip(in, 0, in.length, segments, 1024, pool);
        assertThat(gunzip(gz)).as("%d bytes in %d segments", size, segments).isEqualTo(in);
        assertOneMember(gz, in.length);
      }
    }
  }

  @Test
  void aSliceOfTheArrayIsWhatIsCompressed() throws Exception {
    byte[] in = body(200_000, 7);
    byte[] gz = ParallelGzip.gzip(in, 1000, 150_000, 4, 1024, pool);
    assertThat(gunzip(gz)).isEqualTo(Arrays.copyOfRange(in, 1000, 151_000));
    assertOneMember(gz, 150_000);
  }

  @Test
  void compressesAboutAsWellAsOneStream() throws Exception {
    byte[] in = body(4 << 20, 3);
    int one = ParallelGzip.gzip(in, 0, in.length, 1, 1024, pool).length;
    int four = ParallelGzip.gzip(in, 0, in.length, 4, 1024, pool).length;
    assertThat(four).isLessThan(one + one / 50);
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return z.readAllBytes();
    }
  }

  /** The deflate stream after the 10-byte header ends exactly before the 8-byte trailer: one member, not several. */
  private static void assertOneMember(byte[] gz, int length) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    inflater.setInput(gz, 10, gz.length - 10);
    byte[] sink = new byte[1 << 16];
    long produced = 0;
    while (!inflater.finished()) {
      int n = inflater.inflate(sink);
      if (n == 0 && inflater.needsInput()) {
        break;
      }
      produced += n;
    }
    assertThat(inflater.finished()).isTrue();
    assertThat(inflater.getRemaining()).isEqualTo(8);
    assertThat(produced).isEqualTo(length);
    inflater.end();
  }
}
