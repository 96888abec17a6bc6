package dev.uptally.agent.hardware;

class FakeHardwareReaderTest extends HardwareReaderContract {

  @Override
  protected HardwareReader createReader() {
    return new FakeHardwareReader();
  }
}
