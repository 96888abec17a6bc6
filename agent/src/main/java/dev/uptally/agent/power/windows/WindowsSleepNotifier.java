package dev.uptally.agent.power.windows;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.uptally.agent.power.BoundedSleepListener;
import dev.uptally.agent.power.SleepListener;
import dev.uptally.agent.power.SleepNotifier;
import dev.uptally.agent.power.SleepNotifierUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Windows 8 and later: {@code PowerRegisterSuspendResumeNotification} with a callback, which needs no window and
 * no message loop (a service has none). Windows calls it on a thread of its own with the {@link PowerBroadcast}
 * event; for {@code PBT_APMSUSPEND} it waits, about 2 s at most, for the callback to return, so the budget is
 * that ({@link #WINDOWS_BUDGET}) and the callback returns when the listener is ready or the budget is spent.
 *
 * <p>The callback and its parameter block are held in fields for as long as the registration lives: JNA's
 * native stub for a callback dies with the Java object. Thread-safe.
 */
public final class WindowsSleepNotifier implements SleepNotifier {

  /** The time Windows gives a suspend notification before it goes on. */
  public static final Duration WINDOWS_BUDGET = Duration.ofMillis(1800);
  private static final System.Logger LOG = System.getLogger(WindowsSleepNotifier.class.getName());

  private final Duration budget;
  private BoundedSleepListener listener;
  private PowrProf powrprof;
  private PowrProf.SubscribeParameters parameters;
  private Pointer registration;

  public WindowsSleepNotifier(Duration budget) {
    this.budget = budget;
  }

  @Override
  public synchronized void start(SleepListener sleepListener) throws SleepNotifierUnavailableException {
    try {
      powrprof = PowrProf.load();
    } catch (UnsatisfiedLinkError | LastErrorException e) {
      throw new SleepNotifierUnavailableException("powrprof.dll cannot be loaded: " + e.getMessage(), e);
    }
    listener = new BoundedSleepListener(sleepListener, budget);
    parameters = new PowrProf.SubscribeParameters();
    parameters.callback = this::delivered;
    parameters.context = Pointer.NULL;
    parameters.write();
    PointerByReference handle = new PointerByReference();
    int status;
    try {
      status = powrprof.PowerRegisterSuspendResumeNotification(PowrProf.DEVICE_NOTIFY_CALLBACK, parameters, handle);
    } catch (UnsatisfiedLinkError e) {
      close();
      throw new SleepNotifierUnavailableException("PowerRegisterSuspendResumeNotification is missing (before"
          + " Windows 8?): " + e.getMessage(), e);
    }
    if (status != PowrProf.ERROR_SUCCESS) {
      close();
      throw new SleepNotifierUnavailableException("PowerRegisterSuspendResumeNotification failed with error "
          + status, null);
    }
    registration = handle.getValue();
  }

  /** The callback: Windows' thread, one event at a time. */
  private int delivered(Pointer context, int type, Pointer setting) {
    try {
      switch (PowerBroadcast.decode(type)) {
        case ABOUT_TO_SLEEP -> listener.aboutToSleep();
        case WOKE -> listener.woke();
        case NONE -> { }
      }
    } catch (RuntimeException e) {
      // an exception must not cross into Windows' thread: it would take the process down
      LOG.log(Level.WARNING, "handling power event " + type + " failed", e);
    }
    return PowrProf.ERROR_SUCCESS;
  }

  /** Whether the registration is in place (for tests). */
  synchronized boolean registered() {
    return registration != null;
  }

  @Override
  public String describe() {
    return "Windows suspend/resume notifications (at most " + budget.toMillis() + " ms before sleep)";
  }

  @Override
  public synchronized void close() {
    if (registration != null) {
      int status = powrprof.PowerUnregisterSuspendResumeNotification(registration);
      if (status != PowrProf.ERROR_SUCCESS) {
        LOG.log(Level.WARNING, "PowerUnregisterSuspendResumeNotification failed with error {0}", status);
      }
      registration = null;
    }
    if (listener != null) {
      listener.close();
      listener = null;
    }
  }
}
