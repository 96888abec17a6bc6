package dev.uptally.agent.power.mac;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/** What of the binding can be checked without macOS: JNA can make a native entry point for the interest callback. */
class IOKitPowerShapeTest {

  @Test
  void theInterestCallbackHasANativeEntryPoint() {
    IOKitPower.InterestCallback callback = (refcon, service, messageType, argument) -> { };
    assertThat(Pointer.nativeValue(CallbackReference.getFunctionPointer(callback))).isNotZero();
  }
}
