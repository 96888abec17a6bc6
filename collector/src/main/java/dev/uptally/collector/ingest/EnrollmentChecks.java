package dev.uptally.collector.ingest;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.common.protocol.EnrollRequest;
import dev.uptally.common.protocol.WireLimits;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * What an enrollment may carry, checked before anything is stored: a device id, a device class, an IANA zone, a
 * hostname cleaned of control characters, at most {@value WireLimits#MAX_TAGS} tags of bounded keys and values, and
 * a bounded inventory. Each refusal is a {@code 400} naming the field. Stateless.
 */
final class EnrollmentChecks {

  static final int MAX_AGENT_VERSION_CHARS = 64;

  private EnrollmentChecks() {}

  /** The request as it will be stored (its hostname cleaned), or a 400 naming what is wrong. */
  static EnrollRequest check(EnrollRequest req) {
    DeviceIds.check("deviceId", req.deviceId());
    String hostname = Hostnames.clean(req.hostname());
    FieldChecks.text("", "agentVersion", req.agentVersion(), MAX_AGENT_VERSION_CHARS);
    checkZone(req.timezone());
    checkTags(req.tags());
    InventoryChecks.check("inventory", req.inventory());
    return hostname.equals(req.hostname()) ? req : new EnrollRequest(req.deviceId(), hostname, req.deviceClass(),
        req.timezone(), req.agentVersion(), req.inventory(), req.tags(), req.deviceToken());
  }

  static DeviceClass deviceClass(String value) {
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
      throw IngestException.badRequest("timezone '" + DeviceIds.abbreviate(Hostnames.printable(zone))
          + "' is not an IANA time zone id");
    }
  }

  private static void checkTags(Map<String, String> tags) {
    if (tags.size() > WireLimits.MAX_TAGS) {
      throw IngestException.badRequest("tags has " + tags.size() + " entries; at most " + WireLimits.MAX_TAGS);
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      String key = e.getKey();
      String shown = DeviceIds.abbreviate(Hostnames.printable(key));
      if (key.isEmpty() || key.length() > WireLimits.MAX_TAG_KEY_CHARS || !Hostnames.printable(key).equals(key)) {
        throw IngestException.badRequest("tags: key '" + shown + "' must be 1-" + WireLimits.MAX_TAG_KEY_CHARS
            + " characters without control characters");
      }
      String value = e.getValue();
      if (value == null) {
        throw IngestException.badRequest("tags." + key + " is null");
      }
      if (value.length() > WireLimits.MAX_TAG_VALUE_CHARS || !Hostnames.printable(value).equals(value)) {
        throw IngestException.badRequest("tags." + key + " must be at most " + WireLimits.MAX_TAG_VALUE_CHARS
            + " characters without control characters (it has " + value.length() + ")");
      }
    }
  }
}
