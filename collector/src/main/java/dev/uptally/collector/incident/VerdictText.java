package dev.uptally.collector.incident;

import dev.uptally.collector.fleet.DeviceIdentity;
import dev.uptally.collector.sla.DeviceSla;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

/** What a violation of an occurrence says: its party, window and detail. Stateless. */
final class VerdictText {

  private VerdictText() {}

  static Violation violation(DeviceIdentity d, Occurrence o, String cause, String detail) {
    String party = o.isPatchWindow() ? "customer" : "msp";
    return new Violation(UUID.randomUUID().toString(), o.type(), party, d.clientId(), d.deviceId(),
        Instant.ofEpochMilli(o.startMillis()), Instant.ofEpochMilli(o.endMillis()), cause, detail);
  }

  static String patchWindow(PatchWindowVerdict v) {
    return "up " + v.upMillis() / 1000 + " s of " + (v.endMillis() - v.startMillis()) / 1000 + " s, needs "
        + v.minOnlineMillis() / 1000 + " s";
  }

  static String month(DeviceSla sla) {
    BigDecimal percent = BigDecimal.valueOf(sla.measuredMillis() - sla.downMillis()).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(sla.measuredMillis()), 3, RoundingMode.DOWN);
    return "availability " + percent.toPlainString() + " % below target " + sla.targetPercent() + " %: down "
        + sla.downMillis() / 1000 + " s of " + sla.measuredMillis() / 1000 + " s measured";
  }
}
