package dev.uptally.collector.incident;

import dev.uptally.common.device.DeviceClass;
import dev.uptally.config.collector.ClientConfig;
import dev.uptally.config.collector.CollectorConfig;
import dev.uptally.config.collector.Contract;
import dev.uptally.config.schedule.ServiceCalendar;
import dev.uptally.config.schedule.WeeklyRule;
import dev.uptally.config.schedule.WeeklySchedule;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * A digest of everything a client's verdicts depend on: its time zone, the patch windows, maintenance windows and
 * availability terms (target, calendar with its holidays, counted causes) of its contract, and the heartbeat grace.
 * Stored with the verdicts; when it changes, the client's open range is judged again under the new rules. Sets are
 * written in sorted order, so the digest does not depend on iteration order (which {@code Set.of} randomises per JVM).
 */
final class RulesFingerprint {

  private RulesFingerprint() {}

  /** The first 64 bits of the SHA-256 of the client's canonical rules text. */
  static long of(CollectorConfig config, ClientConfig client) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text(config, client).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  static String text(CollectorConfig config, ClientConfig client) {
    StringBuilder b = new StringBuilder("zone=").append(client.timezone().getId())
        .append(";grace=").append(config.heartbeat().graceMillis());
    Contract k = config.contracts().get(client.contract());
    if (k == null) {
      return b.append(";no contract").toString();
    }
    for (DeviceClass c : DeviceClass.values()) {
      Contract.AvailabilityTarget t = k.availability().get(c);
      if (t != null) {
        b.append(";availability ").append(c).append('=').append(t.targetPercent()).append(' ');
        calendar(b, config.calendar(t.calendar()));
        b.append(" counts ").append(sorted(t.counts()));
      }
    }
    for (Contract.PatchWindow w : k.patchWindows()) {
      b.append(";patch ");
      schedule(b, w.schedule());
      b.append(" min ").append(w.minOnline().toMillis()).append(" classes ").append(sorted(w.classes()));
    }
    for (Contract.MaintenanceWindow w : k.maintenance()) {
      b.append(";maintenance ");
      schedule(b, w.schedule());
      b.append(" classes ").append(sorted(w.classes()));
    }
    return b.toString();
  }

  private static void calendar(StringBuilder b, ServiceCalendar c) {
    b.append(c.name()).append('{');
    if (c.weekly() != null) {
      schedule(b, c.weekly());
    }
    b.append(" holidays ").append(sorted(c.holidays())).append('}');
  }

  private static void schedule(StringBuilder b, WeeklySchedule s) {
    for (WeeklyRule r : s.rules()) {
      b.append(sorted(r.days())).append(' ').append(r.start()).append('-').append(r.end()).append(',');
    }
  }

  private static <T extends Comparable<? super T>> String sorted(Collection<T> values) {
    return new TreeSet<>(values).toString();
  }
}
