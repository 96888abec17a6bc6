package dev.uptally.agent.power.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/** The two functions of {@code powrprof.dll} (Windows 8 and later) the agent calls, and their types. */
interface PowrProf extends StdCallLibrary {

  /** {@code DEVICE_NOTIFY_CALLBACK}: the recipient is a callback, not a window or service handle. */
  int DEVICE_NOTIFY_CALLBACK = 2;
  int ERROR_SUCCESS = 0;

  static PowrProf load() {
    return Native.load("powrprof", PowrProf.class);
  }

  /** {@code DWORD PowerRegisterSuspendResumeNotification(DWORD Flags, HANDLE Recipient, PHPOWERNOTIFY RegistrationHandle)}. */
  int PowerRegisterSuspendResumeNotification(int flags, SubscribeParameters recipient, PointerByReference handle);

  /** {@code DWORD PowerUnregisterSuspendResumeNotification(HPOWERNOTIFY RegistrationHandle)}. */
  int PowerUnregisterSuspendResumeNotification(Pointer handle);

  /** {@code ULONG CALLBACK DeviceNotifyCallbackRoutine(PVOID Context, ULONG Type, PVOID Setting)}. */
  interface DeviceNotifyCallback extends StdCallCallback {
    int callback(Pointer context, int type, Pointer setting);
  }

  /** {@code DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS}. */
  @Structure.FieldOrder({"callback", "context"})
  final class SubscribeParameters extends Structure {
    public DeviceNotifyCallback callback;
    public Pointer context;
  }
}
