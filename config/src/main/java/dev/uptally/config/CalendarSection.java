package dev.uptally.config;

import dev.uptally.config.schedule.ServiceCalendar;
import dev.uptally.config.schedule.WeeklyRule;
import dev.uptally.config.schedule.WeeklySchedule;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code calendars:} section, and weekly rule lists wherever they appear. */
final class CalendarSection {

  private CalendarSection() {}

  /** Named calendars; {@code 24x7} is built in and cannot be redefined. */
  static Map<String, ServiceCalendar> read(ConfigNode n) {
    Map<String, ServiceCalendar> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : n.entries().entrySet()) {
      ConfigNode c = e.getValue();
      if ("24x7".equals(e.getKey())) {
        c.problem("'24x7' is built in and cannot be redefined");
        continue;
      }
      if (!c.expectKeys("weekly", "holidays")) {
        continue;
      }
      if (c.get("weekly").isAbsent()) {
        c.get("weekly").problem("is required (e.g. [\"MON-FRI 08:00-18:00\"])");
      }
      WeeklySchedule weekly = weekly(c.get("weekly"));
      Set<LocalDate> holidays = new HashSet<>();
      for (ConfigNode h : c.get("holidays").items()) {
        String text = h.text();
        try {
          if (text != null) {
            holidays.add(LocalDate.parse(text.trim()));
          }
        } catch (DateTimeParseException ex) {
          h.problem("'" + text + "' is not a date (expected YYYY-MM-DD)");
        }
      }
      out.put(e.getKey(), new ServiceCalendar(e.getKey(), weekly, holidays));
    }
    return out;
  }

  /** A list of weekly rules such as {@code ["TUE 01:00-04:00"]}; reports each bad rule at its line. */
  static WeeklySchedule weekly(ConfigNode n) {
    List<WeeklyRule> rules = new ArrayList<>();
    List<ConfigNode> items = n.items();
    if (n.isPresent() && items.isEmpty()) {
      n.problem("lists no rule (expected e.g. [\"MON-FRI 08:00-18:00\"])");
    }
    for (ConfigNode item : items) {
      WeeklyRule r = item.parsed(WeeklyRule::parse, null);
      if (r != null) {
        rules.add(r);
      }
    }
    return new WeeklySchedule(rules);
  }
}
