package dev.uptally.agent.power.mac;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.uptally.agent.power.BoundedSleepListener;
import dev.uptally.agent.power.SleepListener;
import dev.uptally.agent.power.SleepNotifier;
import dev.uptally.agent.power.SleepNotifierUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * macOS: {@code IORegisterForSystemPower}. Its messages arrive on a CoreFoundation run loop, which this notifier
 * runs on a thread of its own ({@code uptally-iokit-power}); {@code kIOMessageSystemWillSleep} is answered with
 * {@code IOAllowPowerChange} once the listener is ready or the budget is spent (macOS waits up to 30 s), and
 * {@code kIOMessageCanSystemSleep} at once (see {@link SystemPowerMessage}).
 *
 * <p>The callback is held in a field for as long as the registration lives (JNA's native stub dies with it).
 * Thread-safe.
 */
public final class MacSleepNotifier implements SleepNotifier {

  private static final System.Logger LOG = System.getLogger(MacSleepNotifier.class.getName());

  private final Duration budget;
  private final IOKitPower.InterestCallback callback = this::delivered;
  private BoundedSleepListener listener;
  private Thread runLoopThread;
  private volatile Pointer runLoop;
  private volatile int rootPort;
  private Pointer notifyPort;
  private IntByReference notifierObject;

  public MacSleepNotifier(Duration budget) {
    this.budget = budget;
  }

  /** Not synchronized: the run loop thread takes the monitor to note its registration while this waits for it. */
  @Override
  public void start(SleepListener sleepListener) throws SleepNotifierUnavailableException {
    listener = new BoundedSleepListener(sleepListener, budget);
    CompletableFuture<Void> registered = new CompletableFuture<>();
    runLoopThread = new Thread(() -> runLoop(registered), "uptally-iokit-power");
    runLoopThread.setDaemon(true);
    runLoopThread.start();
    try {
      registered.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      close();
      throw new SleepNotifierUnavailableException("IORegisterForSystemPower failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      close();
      throw new SleepNotifierUnavailableException("IOKit did not register power notifications within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new SleepNotifierUnavailableException("interrupted while registering power notifications", e);
    }
  }

  /** The run loop thread: registers, says so, runs until {@link #close} stops the loop, deregisters. */
  private void runLoop(CompletableFuture<Void> registered) {
    try {
      PointerByReference port = new PointerByReference();
      IntByReference notifier = new IntByReference();
      int root = IOKitPower.IOKit.INSTANCE.IORegisterForSystemPower(Pointer.NULL, port, callback, notifier);
      if (root == 0) {
        registered.completeExceptionally(new IllegalStateException("no root power domain connection"));
        return;
      }
      synchronized (this) {
        rootPort = root;
        notifyPort = port.getValue();
        notifierObject = notifier;
      }
      Pointer loop = IOKitPower.CoreFoundation.INSTANCE.CFRunLoopGetCurrent();
      IOKitPower.CoreFoundation.INSTANCE.CFRunLoopAddSource(loop,
          IOKitPower.IOKit.INSTANCE.IONotificationPortGetRunLoopSource(port.getValue()), IOKitPower.defaultRunLoopMode());
      runLoop = loop;
      registered.complete(null);
      IOKitPower.CoreFoundation.INSTANCE.CFRunLoopRun();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      registered.completeExceptionally(e);
    } finally {
      deregister();
    }
  }

  /** IOKit's callback, on the run loop thread. */
  private void delivered(Pointer refcon, int service, int messageType, Pointer argument) {
    SystemPowerMessage message = SystemPowerMessage.decode(messageType);
    try {
      switch (message.transition()) {
        case ABOUT_TO_SLEEP -> listener.aboutToSleep();
        case WOKE -> listener.woke();
        case NONE -> { }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "handling power message " + Integer.toHexString(messageType) + " failed", e);
    } finally {
      if (message.allowPowerChange()) {
        IOKitPower.IOKit.INSTANCE.IOAllowPowerChange(rootPort, Pointer.nativeValue(argument));
      }
    }
  }

  private synchronized void deregister() {
    if (notifierObject != null) {
      IOKitPower.IOKit.INSTANCE.IODeregisterForSystemPower(notifierObject);
      notifierObject = null;
    }
    if (rootPort != 0) {
      IOKitPower.IOKit.INSTANCE.IOServiceClose(rootPort);
      rootPort = 0;
    }
    if (notifyPort != null) {
      IOKitPower.IOKit.INSTANCE.IONotificationPortDestroy(notifyPort);
      notifyPort = null;
    }
  }

  /** Whether the run loop is up with the registration in place (for tests). */
  boolean registered() {
    return runLoop != null && rootPort != 0;
  }

  @Override
  public String describe() {
    return "IOKit system power notifications (at most " + budget.toMillis() + " ms before sleep)";
  }

  @Override
  public void close() {
    Pointer loop = runLoop;
    if (loop != null) {
      IOKitPower.CoreFoundation.INSTANCE.CFRunLoopStop(loop); // CFRunLoopStop may be called from any thread
      runLoop = null;
    }
    Thread t = runLoopThread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (listener != null) {
        listener.close();
      }
    }
  }
}
