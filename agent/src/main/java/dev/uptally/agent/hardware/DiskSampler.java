package dev.uptally.agent.hardware;

import dev.uptally.common.protocol.Health;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import oshi.software.os.OSFileStore;

/**
 * Disk sizes each interval at the cost of two {@code statvfs} calls per disk. Listing the mounts
 * through OSHI (parse the mount table, query every file system, udev labels) costs ~5 ms, so it is
 * done only every {@code relistEvery} or after a disk vanished; in between the JDK's
 * {@link FileStore} of each mount is asked for total and usable space. Not thread-safe.
 */
final class DiskSampler {

  private record Mounted(String mount, FileStore store) {}

  private final Supplier<List<OSFileStore>> lister;
  private final LongSupplier nanoTime;
  private final long relistEveryNanos;
  private List<Mounted> mounts = List.of();
  private long nextListAt;
  private boolean listed;

  DiskSampler(Supplier<List<OSFileStore>> lister, LongSupplier nanoTime, Duration relistEvery) {
    this.lister = lister;
    this.nanoTime = nanoTime;
    this.relistEveryNanos = relistEvery.toNanos();
  }

  List<Health.Disk> read() {
    long now = nanoTime.getAsLong();
    if (!listed || now - nextListAt >= 0) {
      mounts = list();
      listed = true;
      nextListAt = now + relistEveryNanos;
    }
    List<Health.Disk> disks = new ArrayList<>(mounts.size());
    for (Mounted m : mounts) {
      try {
        long total = m.store().getTotalSpace();
        if (total > 0) {
          disks.add(new Health.Disk(m.mount(), total, Math.max(0, Math.min(total, m.store().getUsableSpace()))));
        }
      } catch (IOException e) {
        listed = false; // unmounted since the last listing: list again next time
      }
    }
    return disks;
  }

  private List<Mounted> list() {
    List<Mounted> found = new ArrayList<>();
    for (OSFileStore s : lister.get()) {
      if (!FileStores.isDisk(s.getType(), s.getTotalSpace())) {
        continue;
      }
      try {
        found.add(new Mounted(s.getMount(), Files.getFileStore(Path.of(s.getMount()))));
      } catch (IOException | InvalidPathException e) {
        // a mount we may not stat (permissions, stale network mount): not a disk we can report
      }
    }
    return List.copyOf(found);
  }
}
