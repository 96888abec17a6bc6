package dev.uptally.agent.power.logind;

import dev.uptally.agent.power.BoundedSleepListener;
import dev.uptally.agent.power.SleepListener;
import dev.uptally.agent.power.SleepNotifier;
import dev.uptally.agent.power.SleepNotifierUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;

/**
 * Linux with systemd: logind announces sleep with {@code PrepareForSleep(true)} on the system bus and waits
 * for the holders of {@code delay} inhibitor locks on {@code sleep} (at most {@code InhibitDelayMaxSec},
 * 5 s by default). The agent holds one such lock at all times while it runs: on the announcement it lets the
 * {@link SleepListener} record and send (bounded by {@link BoundedSleepListener}), then closes the lock so
 * logind may go on; on {@code PrepareForSleep(false)} it reports the wake-up and takes a new lock, as
 * logind's inhibitor documentation asks. {@code systemd-inhibit --list} shows the lock as {@value #WHO}.
 *
 * <p>Signals are matched by interface, member and logind's object path (dbus-java filters by sender only on
 * unique names, which change when logind restarts). Thread-safe: announcements are handled one at a time on
 * the notifier's own thread, in the order they came.
 */
public final class LogindSleepNotifier implements SleepNotifier {

  /** The system bus where the {@code DBUS_SYSTEM_BUS_ADDRESS} convention does not say otherwise. */
  public static final String DEFAULT_SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket";
  /** Overrides the bus address for the agent alone (tests, a bus in a container). */
  public static final String BUS_ADDRESS_ENV = "UPTALLY_DBUS_SYSTEM_BUS_ADDRESS";
  static final String WHO = "uptally-agent";
  static final String WHY = "record a suspend sample";
  private static final System.Logger LOG = System.getLogger(LogindSleepNotifier.class.getName());

  private final String busAddress;
  private final Duration budget;
  private final ExecutorService announcements = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "uptally-logind");
    t.setDaemon(true);
    return t;
  });
  private DBusConnection connection;
  private Login1Manager manager;
  private BoundedSleepListener listener;
  private InhibitorLock lock;
  private boolean closed;

  /**
   * @param busAddress a D-Bus address ({@code unix:path=…}); see {@link #systemBusAddress}
   * @param budget how long the OS is held back at most when it announces sleep
   */
  public LogindSleepNotifier(String busAddress, Duration budget) {
    this.busAddress = busAddress;
    this.budget = budget;
  }

  /** {@value #BUS_ADDRESS_ENV}, else {@code DBUS_SYSTEM_BUS_ADDRESS}, else {@value #DEFAULT_SYSTEM_BUS}. */
  public static String systemBusAddress(Map<String, String> env) {
    for (String name : new String[] {BUS_ADDRESS_ENV, "DBUS_SYSTEM_BUS_ADDRESS"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return DEFAULT_SYSTEM_BUS;
  }

  @Override
  public synchronized void start(SleepListener sleepListener) throws SleepNotifierUnavailableException {
    Optional<Path> socket = socketPath(busAddress);
    if (socket.isPresent() && !Files.exists(socket.get())) {
      // said at once: dbus-java takes seconds to give up on a socket that is not there (containers, minimal hosts)
      throw new SleepNotifierUnavailableException("no system D-Bus at " + busAddress + ": " + socket.get()
          + " does not exist", null);
    }
    try {
      connection = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
    } catch (DBusException | RuntimeException e) {
      close();
      throw new SleepNotifierUnavailableException("no system D-Bus at " + busAddress + ": " + e.getMessage(), e);
    }
    try {
      manager = connection.getRemoteObject(Login1Manager.BUS_NAME, Login1Manager.OBJECT_PATH, Login1Manager.class);
      listener = new BoundedSleepListener(sleepListener, budget);
      lock = takeLock();
      connection.addSigHandler(DBusMatchRuleBuilder.create().withType(Login1Manager.PrepareForSleep.class)
          .withPath(Login1Manager.OBJECT_PATH).build(), this::announced);
    } catch (DBusException | DBusExecutionException e) {
      close();
      throw new SleepNotifierUnavailableException("systemd-logind does not answer on " + busAddress + ": "
          + e.getMessage(), e);
    }
  }

  /** The socket file of a {@code unix:path=…} address. */
  static Optional<Path> socketPath(String address) {
    for (String part : address.substring(address.indexOf(':') + 1).split(",")) {
      if (address.startsWith("unix:") && part.startsWith("path=")) {
        return Optional.of(Path.of(part.substring("path=".length())));
      }
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "systemd-logind PrepareForSleep on " + busAddress + " (delay lock, at most " + budget.toMillis() + " ms)";
  }

  private void announced(Login1Manager.PrepareForSleep signal) {
    boolean start = signal.start();
    try {
      announcements.execute(() -> {
        if (start) {
          beforeSleep();
        } else {
          afterWake();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.log(Level.DEBUG, "sleep announcement after close ignored"); // the agent is stopping
    }
  }

  private void beforeSleep() {
    listener.aboutToSleep();
    synchronized (this) {
      if (lock != null) {
        lock.close();
        lock = null;
      } else {
        LOG.log(Level.INFO, "the OS is going to sleep; no inhibitor lock was held, so it did not wait for the agent");
      }
    }
  }

  private void afterWake() {
    listener.woke();
    synchronized (this) {
      if (closed) {
        return;
      }
      if (lock != null) {
        lock.close(); // logind did not sleep after all and re-announces: one lock is enough
      }
      try {
        lock = takeLock();
      } catch (DBusExecutionException e) {
        lock = null;
        LOG.log(Level.WARNING, "cannot take a new logind inhibitor lock after wake-up ({0}); the next sleep will"
            + " still be announced, but the OS will not wait for the agent", e.getMessage());
      }
    }
  }

  private InhibitorLock takeLock() {
    return new InhibitorLock(manager.inhibit("sleep", WHO, WHY, "delay"));
  }

  /** Whether the agent holds a delay lock now (for tests and diagnosis). */
  synchronized boolean holdsLock() {
    return lock != null && !lock.released();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    announcements.shutdownNow();
    if (lock != null) {
      lock.close();
      lock = null;
    }
    if (listener != null) {
      listener.close();
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing the D-Bus connection failed", e);
      }
    }
  }
}
