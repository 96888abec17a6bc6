package dev.uptally.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uptally.common.protocol.WireLimits;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the agent reads is kept inside what the collector accepts, so that no enrollment or sample is refused. */
class OshiValuesTest {

  @Test
  void aDockerHostsThreeHundredInterfacesAreCutToWhatTheCollectorAccepts() {
    List<Integer> many = IntStream.range(0, 300).boxed().toList();
    assertThat(OshiValues.atMost(many, WireLimits.MAX_NETWORK_INTERFACES)).hasSize(256).startsWith(0, 1, 2);
    assertThat(OshiValues.atMost(List.of(1, 2), 256)).containsExactly(1, 2);
  }

  @Test
  void longTextIsCutAndFirmwareNonsenseInBatteryCapacityIsUnknown() {
    assertThat(OshiValues.text("m".repeat(300))).hasSize(WireLimits.MAX_TEXT_CHARS);
    assertThat(OshiValues.healthRatio(105, 100)).isEqualTo(1.05);
    assertThat(OshiValues.healthRatio(65_535, 100)).isNull(); // 655 times its design capacity: a bad register
    assertThat(OshiValues.healthRatio(0, 100)).isNull();
  }
}
