package dev.uptally.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.protocol.Health;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import oshi.software.os.OSFileStore;

class DiskSamplerTest {

  @Test
  void mountsAreListedOnlyEveryRelistIntervalWhileSizesAreReadEachTime() {
    List<OSFileStore> real = new oshi.nativefree.SystemInfo().getOperatingSystem().getFileSystem().getFileStores(true);
    AtomicInteger listings = new AtomicInteger();
    AtomicLong now = new AtomicLong();
    DiskSampler sampler = new DiskSampler(() -> {
      listings.incrementAndGet();
      return real;
    }, now::get, Duration.ofMinutes(10));

    List<Health.Disk> first = sampler.read();
    for (int i = 0; i < 19; i++) {
      now.addAndGet(Duration.ofSeconds(30).toNanos());
      assertThat(sampler.read()).extracting(Health.Disk::mount)
          .isEqualTo(first.stream().map(Health.Disk::mount).toList());
    }
    assertThat(listings.get()).isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    sampler.read();
    assertThat(listings.get()).isEqualTo(2);
    assertThat(first).allSatisfy(d -> {
      assertThat(Path.of(d.mount())).exists();
      assertThat(d.freeBytes()).isBetween(0L, d.totalBytes());
    });
  }
}
