package dev.uptally.agent.power.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.CallbackReference;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The binding's shape: the parameter block's layout (two pointers, as {@code DEVICE_NOTIFY_SUBSCRIBE_PARAMETERS}) on
 * every OS; the callback's native entry point where stdcall exists (JNA refuses that convention elsewhere).
 */
class PowrProfShapeTest {

  @Test
  void theSubscribeParametersAreACallbackPointerAndAContextPointer() {
    PowrProf.SubscribeParameters p = new PowrProf.SubscribeParameters();
    assertThat(p.size()).isEqualTo(2 * Native.POINTER_SIZE);
    p.context = new Pointer(0x1234);
    p.write();
    assertThat(p.getPointer().getPointer(Native.POINTER_SIZE)).as("the context after the callback")
        .isEqualTo(new Pointer(0x1234));
  }

  @Test
  @EnabledOnOs(OS.WINDOWS)
  void theCallbackHasANativeEntryPoint() {
    PowrProf.DeviceNotifyCallback callback = (context, type, setting) -> PowrProf.ERROR_SUCCESS;
    Pointer entry = CallbackReference.getFunctionPointer(callback);
    assertThat(Pointer.nativeValue(entry)).isNotZero();
  }
}
