package dev.uptally.agent.power.logind;

import org.freedesktop.dbus.FileDescriptor;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The part of systemd-logind's {@code org.freedesktop.login1.Manager} (object {@code /org/freedesktop/login1})
 * that the agent uses: taking an inhibitor lock and the signal around sleep.
 */
@DBusInterfaceName(Login1Manager.INTERFACE)
public interface Login1Manager extends DBusInterface {

  String BUS_NAME = "org.freedesktop.login1";
  String OBJECT_PATH = "/org/freedesktop/login1";
  String INTERFACE = "org.freedesktop.login1.Manager";

  /**
   * Takes an inhibitor lock. Returns the lock as a file descriptor; the lock holds until every copy of it is
   * closed.
   *
   * @param what colon-separated list, e.g. {@code sleep}
   * @param who shown by {@code systemd-inhibit --list}
   * @param why shown by {@code systemd-inhibit --list}
   * @param mode {@code delay} (the OS waits, up to {@code InhibitDelayMaxSec}) or {@code block}
   */
  @DBusMemberName("Inhibit")
  FileDescriptor inhibit(String what, String who, String why, String mode);

  /** Sent with {@code start} true before the system sleeps, and with false after it woke (or did not sleep). */
  final class PrepareForSleep extends DBusSignal {

    private final boolean start;

    public PrepareForSleep(String path, boolean start) throws DBusException {
      super(path, start);
      this.start = start;
    }

    /** True before sleep, false after. */
    public boolean start() {
      return start;
    }
  }
}
