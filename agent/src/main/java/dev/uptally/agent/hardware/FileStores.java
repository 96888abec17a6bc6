package dev.uptally.agent.hardware;

import java.util.Locale;
import java.util.Set;

/**
 * Which file stores count as disks: local ones (OSHI's {@code localOnly}) whose type is backed by
 * storage. Memory-backed and virtual file systems (tmpfs, proc, …) and read-only images (squashfs
 * snaps, always 100 % full) would only add noise and false "disk full" incidents.
 */
final class FileStores {

  static final Set<String> PSEUDO_TYPES = Set.of("tmpfs", "devtmpfs", "ramfs", "squashfs", "proc", "sysfs",
      "cgroup", "cgroup2", "devpts", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "autofs",
      "hugetlbfs", "configfs", "fusectl", "binfmt_misc", "nsfs", "efivarfs", "iso9660", "udf", "rpc_pipefs",
      "fuse.gvfsd-fuse", "fuse.portal", "fuse.lxcfs", "devfs", "nullfs", "fdescfs");

  private FileStores() {}

  static boolean isDisk(String type, long totalBytes) {
    return totalBytes > 0 && type != null && !PSEUDO_TYPES.contains(type.toLowerCase(Locale.ROOT));
  }

}
