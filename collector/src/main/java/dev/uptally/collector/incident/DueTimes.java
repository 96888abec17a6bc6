package dev.uptally.collector.incident;

import dev.uptally.config.collector.Contract;
import dev.uptally.config.schedule.ServiceCalendar;
import java.time.ZoneId;

/**
 * When an incident escalates and when its response and resolution are due: the priority's targets counted in the
 * priority's calendar (business hours pause overnight, at weekends and on holidays), in the client's zone.
 *
 * @param escalateMillis {@code escalateAt} × the response target after opening, in calendar time
 */
record DueTimes(long escalateMillis, long responseDueMillis, long resolutionDueMillis) {

  static DueTimes of(Contract.Priority priority, ServiceCalendar calendar, double escalateAt, long openedMillis,
      ZoneId zone) {
    long response = priority.response().toMillis();
    long escalate = Math.round(escalateAt * response);
    return new DueTimes(calendar.addOpenMillis(openedMillis, escalate, zone),
        calendar.addOpenMillis(openedMillis, response, zone),
        calendar.addOpenMillis(openedMillis, priority.resolution().toMillis(), zone));
  }
}
