package dev.uptally.agent.hardware;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides whether the operating system is a server OS, for {@code deviceClass: auto}.
 *
 * <ul>
 *   <li>Windows: the edition says so ("Windows Server 2022", OSHI version "Server 2022").</li>
 *   <li>Linux: no graphical login. Every mainstream distribution enables its display manager
 *       (gdm, sddm, lightdm, …) through the {@code display-manager.service} alias in
 *       {@code /etc/systemd/system}; no alias means nobody logs in at a screen, i.e. a server.
 *       (The battery check comes first, so a laptop without a display manager stays a laptop.)</li>
 *   <li>macOS: never (macOS Server is an app, not an OS).</li>
 *   <li>Other Unix (FreeBSD, Solaris, AIX): a server.</li>
 * </ul>
 */
public final class ServerOsDetector {

  private final Path root;

  /** @param root file system root, {@code /} in production, a temp dir in tests */
  public ServerOsDetector(Path root) {
    this.root = root;
  }

  /**
   * @param platform the JVM's {@code os.name} ("Linux", "Windows Server 2022", "Mac OS X", "FreeBSD")
   * @param osVersion OSHI's version string (on Windows e.g. "Server 2022" or "10")
   */
  public boolean isServerOs(String platform, String osVersion) {
    String name = lower(platform);
    if (name.startsWith("windows")) {
      return name.contains("server") || lower(osVersion).contains("server");
    }
    if (name.startsWith("mac") || name.contains("darwin")) {
      return false;
    }
    if (name.contains("linux")) {
      return !Files.exists(root.resolve("etc/systemd/system/display-manager.service"), LinkOption.NOFOLLOW_LINKS);
    }
    return true;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
