package dev.uptally.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine and JDK a result was measured on, for the results table. */
public record MachineInfo(int cores, long memoryBytes, String jdk, String os) {

  public static MachineInfo current() {
    String jdk = Runtime.version() + " (" + System.getProperty("java.vendor") + ")";
    String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), memTotalBytes(), jdk, os);
  }

  /** MemTotal from /proc/meminfo, -1 where there is none (not Linux). */
  private static long memTotalBytes() {
    Path meminfo = Path.of("/proc/meminfo");
    if (!Files.isReadable(meminfo)) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read MemTotal from " + meminfo + ": " + e, e);
    }
  }

  public String describe() {
    String mem = memoryBytes < 0 ? "? GiB" : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (double) (1L << 30));
    return cores + " cores, " + mem + " RAM, " + os + "; JDK " + jdk;
  }
}
