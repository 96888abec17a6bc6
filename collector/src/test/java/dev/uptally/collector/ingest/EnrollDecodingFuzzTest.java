package dev.uptally.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.EnrollRequest;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Any body of {@code POST /v1/enroll}, through the collector's decoder and {@link EnrollmentChecks}: refused with a 400
 * naming the field, or accepted with a device id of the documented shape, a hostname of 1-255 characters, a known
 * device class and a time zone that resolves. No other exception escapes.
 *
 * <p>Regression mode (every build) replays {@code EnrollDecodingFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class EnrollDecodingFuzzTest {

  @FuzzTest
  @DictionaryEntries({"\\\"deviceId\\\":", "\\\"hostname\\\":", "\\\"deviceClass\\\":", "\\\"timezone\\\":",
      "\\\"agentVersion\\\":", "\\\"inventory\\\":", "\\\"tags\\\":", "\\\"laptop\\\"", "\\\"server\\\"", "\\\"workstation\\\"",
      "\\\"America/New_York\\\"", "\\\"GMT+5\\\"", "\\\"UTC\\\"", "\\\"drives\\\":", "\\\"network\\\":", "null"})
  void everyBodyIsAnEnrollmentTheFleetCanTakeOrRefusedNamingAField(byte[] body) {
    Optional<EnrollRequest> decoded = WireBodies.decode(body, EnrollRequest.class);
    if (decoded.isEmpty()) {
      return;
    }
    EnrollRequest request = decoded.get();
    EnrollRequest checked;
    DeviceClass deviceClass;
    try {
      checked = EnrollmentChecks.check(request);
      deviceClass = EnrollmentChecks.deviceClass(request.deviceClass());
    } catch (IngestException e) {
      WireBodies.assertRefusal(e, "deviceId", "hostname", "deviceClass", "timezone", "agentVersion", "tags",
          "inventory");
      return;
    }
    assertThat(checked.deviceId()).isEqualTo(request.deviceId()).matches("[A-Za-z0-9._:-]{1,128}");
    assertThat(checked.hostname()).isNotBlank().hasSizeLessThanOrEqualTo(253).doesNotContainPattern("\\p{Cntrl}");
    assertThat(deviceClass.wireName()).isEqualTo(request.deviceClass());
    if (checked.timezone() != null) {
      assertThat(ZoneId.of(checked.timezone())).isNotNull();
    }
    assertThat(checked.tags()).isNotNull().hasSizeLessThanOrEqualTo(32);
    assertThat(checked.deviceToken()).as("the proof of a re-enrollment survives the checks")
        .isEqualTo(request.deviceToken());
  }
}
