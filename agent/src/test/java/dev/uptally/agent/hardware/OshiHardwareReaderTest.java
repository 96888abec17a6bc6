package dev.uptally.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract on this machine's real hardware (whatever it is: values must be sane or null). */
class OshiHardwareReaderTest extends HardwareReaderContract {

  private static final OshiHardwareReader SHARED = OshiHardwareReader.forThisMachine();

  @Override
  protected HardwareReader createReader() {
    return SHARED;
  }

  @Test
  void cpuUsageIsMeasuredBetweenCallsAfterWork() {
    SHARED.health();
    // OSHI caches the tick counters for a few hundred ms: keep a core busy until a new reading shows
    long deadline = System.nanoTime() + 3_000_000_000L;
    Double usage = null;
    double sink = 0;
    while (usage == null && System.nanoTime() < deadline) {
      for (int i = 0; i < 1_000_000; i++) {
        sink += Math.sqrt(sink + i);
      }
      usage = SHARED.health().cpu().usage();
    }
    assertThat(sink).isPositive();
    assertThat(usage).isNotNull().isBetween(0.0, 1.0);
  }

  @Test
  void virtualBlockDevicesAreNotDrives() {
    assertThat(OshiInventoryReader.isVirtualBlockDevice("/dev/loop3")).isTrue();
    assertThat(OshiInventoryReader.isVirtualBlockDevice("zram0")).isTrue();
    assertThat(OshiInventoryReader.isVirtualBlockDevice("/dev/nvme0n1")).isFalse();
  }

  @Test
  void memoryBackedFileSystemsAreNotDisks() {
    assertThat(FileStores.isDisk("tmpfs", 1 << 30)).isFalse();
    assertThat(FileStores.isDisk("squashfs", 1 << 30)).isFalse();
    assertThat(FileStores.isDisk("ext4", 1 << 30)).isTrue();
    assertThat(FileStores.isDisk("ext4", 0)).isFalse();
  }
}
