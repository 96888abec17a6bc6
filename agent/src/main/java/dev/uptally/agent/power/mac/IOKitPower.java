package dev.uptally.agent.power.mac;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** The IOKit and CoreFoundation functions behind system power notifications, as the agent calls them. */
final class IOKitPower {

  private IOKitPower() {}

  /** IOKit.framework. Mach ports ({@code io_connect_t}, {@code io_object_t}) are 32-bit. */
  interface IOKit extends Library {
    IOKit INSTANCE = Native.load("IOKit", IOKit.class);

    /** {@code io_connect_t IORegisterForSystemPower(void*, IONotificationPortRef*, IOServiceInterestCallback, io_object_t*)}; 0 on failure. */
    int IORegisterForSystemPower(Pointer refcon, PointerByReference port, InterestCallback callback,
        IntByReference notifier);

    /** {@code IOReturn IOAllowPowerChange(io_connect_t, intptr_t notificationID)}. */
    int IOAllowPowerChange(int rootPort, long notificationId);

    /** {@code IOReturn IODeregisterForSystemPower(io_object_t*)}. */
    int IODeregisterForSystemPower(IntByReference notifier);

    /** {@code kern_return_t IOServiceClose(io_connect_t)}. */
    int IOServiceClose(int connect);

    /** {@code CFRunLoopSourceRef IONotificationPortGetRunLoopSource(IONotificationPortRef)}. */
    Pointer IONotificationPortGetRunLoopSource(Pointer port);

    /** {@code void IONotificationPortDestroy(IONotificationPortRef)}. */
    void IONotificationPortDestroy(Pointer port);
  }

  /** {@code void (*IOServiceInterestCallback)(void* refcon, io_service_t, natural_t messageType, void* messageArgument)}. */
  interface InterestCallback extends Callback {
    void invoke(Pointer refcon, int service, int messageType, Pointer messageArgument);
  }

  /** CoreFoundation.framework: the run loop the notifications are delivered on. */
  interface CoreFoundation extends Library {
    CoreFoundation INSTANCE = Native.load("CoreFoundation", CoreFoundation.class);

    Pointer CFRunLoopGetCurrent();

    void CFRunLoopAddSource(Pointer runLoop, Pointer source, Pointer mode);

    void CFRunLoopRun();

    void CFRunLoopStop(Pointer runLoop);
  }

  /** {@code kCFRunLoopDefaultMode}, a global {@code CFStringRef} of CoreFoundation. */
  static Pointer defaultRunLoopMode() {
    return NativeLibrary.getInstance("CoreFoundation").getGlobalVariableAddress("kCFRunLoopDefaultMode").getPointer(0);
  }
}
