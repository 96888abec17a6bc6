package dev.uptally.agent.hardware;

import dev.uptally.common.protocol.Health;
import dev.uptally.common.protocol.WireLimits;
import dev.uptally.common.protocol.Inventory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.PowerSource;
import oshi.hardware.VirtualMemory;
import oshi.software.os.OperatingSystem;
import oshi.spi.SystemInfoProvider;

/**
 * {@link HardwareReader} on OSHI. One {@link SystemInfoProvider} is created and reused (OSHI caches
 * the expensive lookups in it). On Linux the native-free provider is used: it reads /proc and /sys
 * directly and never loads JNA, which keeps the agent's footprint down; elsewhere the JNA provider.
 *
 * <p>CPU usage is computed from the tick counters between two {@link #health()} calls, so it covers
 * exactly one interval. Not thread-safe (the tick baseline is shared state).
 */
public final class OshiHardwareReader implements HardwareReader {

  /** Mounts change rarely; sizes are read every interval from the mounts found at the last listing. */
  static final Duration MOUNT_RELIST_EVERY = Duration.ofMinutes(10);

  private final SystemInfoProvider system;
  private final HardwareAbstractionLayer hal;
  private final OperatingSystem os;
  private final ServerOsDetector serverOs;
  private final OshiInventoryReader inventoryReader;
  private final DiskSampler disks;
  private long[] previousTicks;

  /** @param nanoTime monotonic clock deciding when the list of mounts is refreshed */
  public OshiHardwareReader(SystemInfoProvider system, ServerOsDetector serverOs, LongSupplier nanoTime) {
    this.system = system;
    this.hal = system.getHardware();
    this.os = system.getOperatingSystem();
    this.serverOs = serverOs;
    this.inventoryReader = new OshiInventoryReader(hal, os);
    this.disks = new DiskSampler(() -> os.getFileSystem().getFileStores(true), nanoTime, MOUNT_RELIST_EVERY);
    this.previousTicks = hal.getProcessor().getSystemCpuLoadTicks();
  }

  /** The reader for this machine: native-free provider on Linux, JNA elsewhere. */
  public static OshiHardwareReader forThisMachine() {
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    SystemInfoProvider provider = linux ? new oshi.nativefree.SystemInfo() : new oshi.SystemInfo();
    return new OshiHardwareReader(provider, new ServerOsDetector(Path.of("/")), System::nanoTime);
  }

  @Override
  public Health health() {
    PowerSource source = batterySource(); // listed once: each listing reads every power supply in sysfs
    Health.Battery battery = battery(source);
    Boolean onBattery = battery == null ? Boolean.FALSE : onBattery(source);
    return new Health(cpu(), memory(), OshiValues.atMost(disks.read(), WireLimits.MAX_DISKS), battery, fans(), onBattery);
  }

  @Override
  public Inventory inventory() {
    return inventoryReader.read();
  }

  @Override
  public long bootTimeMillis() {
    return os.getSystemBootTime() * 1000L; // OSHI reports seconds
  }

  @Override
  public boolean hasBattery() {
    return battery(batterySource()) != null;
  }

  @Override
  public boolean isServerOs() {
    return serverOs.isServerOs(System.getProperty("os.name"), os.getVersionInfo().getVersion());
  }

  /** The provider in use (for diagnostics). */
  public String providerName() {
    return system.getClass().getName();
  }

  private Health.Cpu cpu() {
    CentralProcessor cpu = hal.getProcessor();
    long[] ticks = cpu.getSystemCpuLoadTicks();
    Double usage = Arrays.stream(ticks).sum() == Arrays.stream(previousTicks).sum()
        ? null
        : OshiValues.ratio(cpu.getSystemCpuLoadBetweenTicks(previousTicks));
    previousTicks = ticks;
    double load1 = cpu.getSystemLoadAverage(1)[0];
    return new Health.Cpu(usage, OshiValues.finiteNonNegative(load1),
        OshiValues.celsius(hal.getSensors().getCpuTemperature()));
  }

  private Health.Memory memory() {
    GlobalMemory memory = hal.getMemory();
    VirtualMemory virtual = memory.getVirtualMemory();
    long swapTotal = virtual.getSwapTotal();
    Long total = OshiValues.positive(memory.getTotal());
    long available = Math.max(0, total == null ? memory.getAvailable() : Math.min(total, memory.getAvailable()));
    return new Health.Memory(total, available,
        swapTotal >= 0 ? swapTotal : null, swapTotal >= 0 ? Math.max(0, virtual.getSwapUsed()) : null);
  }

  private List<Integer> fans() {
    return Arrays.stream(hal.getSensors().getFanSpeeds()).filter(rpm -> rpm >= 0 && rpm <= WireLimits.MAX_FAN_RPM)
        .limit(WireLimits.MAX_FANS).boxed().toList();
  }

  private PowerSource batterySource() {
    for (PowerSource p : hal.getPowerSources()) {
      if (p.getDesignCapacity() > 0 || p.getRemainingCapacityPercent() > 0 || p.getCycleCount() >= 0) {
        return p;
      }
    }
    return null;
  }

  private static Health.Battery battery(PowerSource p) {
    if (p == null) {
      return null;
    }
    Double percent = OshiValues.ratio(p.getRemainingCapacityPercent());
    Double health = OshiValues.healthRatio(p.getMaxCapacity(), p.getDesignCapacity());
    return new Health.Battery(percent == null ? null : percent * 100, p.isCharging(), health,
        OshiValues.nonNegative(p.getCycleCount()));
  }

  private static Boolean onBattery(PowerSource p) {
    return p != null && !p.isPowerOnLine() && p.isDischarging();
  }
}
