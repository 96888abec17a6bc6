package dev.uptally.collector.ingest;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.EnrollRequest;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Checks an enrollment request field by field; every refusal is a 400 {@link IngestException} naming the field.
 * Stateless.
 */
final class EnrollChecks {

  private EnrollChecks() {}

  /** @return the request's device class */
  static DeviceClass check(EnrollRequest req) {
    DeviceIds.check("deviceId", req.deviceId());
    DeviceClass deviceClass = deviceClass(req.deviceClass());
    if (req.hostname() == null || req.hostname().isBlank() || req.hostname().length() > 255) {
      throw IngestException.badRequest("hostname must be 1-255 characters");
    }
    checkZone(req.timezone());
    return deviceClass;
  }

  private static DeviceClass deviceClass(String value) {
    if (value == null) {
      throw IngestException.badRequest("deviceClass is missing (server, workstation or laptop)");
    }
    try {
      return DeviceClass.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw IngestException.badRequest("deviceClass: " + e.getMessage());
    }
  }

  private static void checkZone(String zone) {
    if (zone == null) {
      return;
    }
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw IngestException.badRequest("timezone '" + DeviceIds.abbreviate(zone) + "' is not an IANA time zone id");
    }
  }
}
