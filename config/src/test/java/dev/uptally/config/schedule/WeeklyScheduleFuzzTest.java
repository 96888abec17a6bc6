package dev.uptally.config.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.uptally.common.time.TimeRange;
import java.time.ZoneId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random rule texts, zones and ranges through {@link WeeklySchedule#parse} and the occurrence arithmetic: a text is
 * a rule or refused with an {@link IllegalArgumentException} quoting it; occurrences are sorted, each overlaps the
 * asked range, lasts more than 0 and less than 2 days, those of one rule never overlap, and the schedule's are the
 * union of its rules'; a calendar's open time is sorted, disjoint and inside the range. Ranges: 1900-2200, up to
 * 400 days. Input: 2 bytes zone (index into the sorted zone ids), 4 bytes start (hours after 1900), 2 bytes length
 * (hours, from -24), then lines: a zone id (when it is not one, the header's zone is used) and up to 4 rule texts,
 * so that seeds are readable. Regression mode replays {@code WeeklyScheduleFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class WeeklyScheduleFuzzTest {

  private static final List<String> ZONES = List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds()));
  private static final long YEAR_1900 = -2_208_988_800_000L;
  private static final long YEAR_2200 = 7_258_118_400_000L;
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;

  @FuzzTest
  void rulesParseOrAreRefusedAndTheirOccurrencesKeepTheirInvariants(byte[] input) {
    if (input.length < 8) {
      return;
    }
    ByteBuffer header = ByteBuffer.wrap(input, 0, 8);
    String indexed = ZONES.get(Short.toUnsignedInt(header.getShort()) % ZONES.size());
    long from = YEAR_1900 + Integer.toUnsignedLong(header.getInt()) % ((YEAR_2200 - YEAR_1900) / HOUR) * HOUR;
    long to = from - DAY + Short.toUnsignedInt(header.getShort()) % (401 * 24) * HOUR;
    String[] lines = new String(input, 8, input.length - 8, StandardCharsets.UTF_8).split("\n", -1);
    ZoneId zone = ZoneId.of(ZONES.contains(lines[0]) ? lines[0] : indexed);
    List<WeeklySchedule> single = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 1; i < Math.min(5, lines.length); i++) {
      String text = lines[i];
      try {
        single.add(WeeklySchedule.parse(List.of(text)));
        texts.add(text);
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as("refusal of '%s'", text).isNotBlank();
      }
    }
    if (texts.isEmpty()) {
      return;
    }
    WeeklySchedule schedule = WeeklySchedule.parse(texts);
    List<TimeRange> all = schedule.occurrences(from, to, zone);
    Set<TimeRange> union = new java.util.HashSet<>();
    for (WeeklySchedule one : single) {
      List<TimeRange> own = one.occurrences(from, to, zone);
      assertOccurrences(own, from, to, zone);
      for (int i = 1; i < own.size(); i++) {
        assertThat(own.get(i).startMillis()).as("occurrences of %s in %s overlap", one, zone)
            .isGreaterThanOrEqualTo(own.get(i - 1).endMillis());
      }
      union.addAll(own);
    }
    assertOccurrences(all, from, to, zone);
    assertThat(new java.util.HashSet<>(all)).as("schedule = union of its rules").isEqualTo(union);

    ServiceCalendar calendar = new ServiceCalendar("fuzzed", schedule, Set.of());
    List<TimeRange> open = calendar.open(from, to, zone);
    long previousEnd = Long.MIN_VALUE;
    for (TimeRange r : open) {
      assertThat(r.startMillis()).as("open time sorted and disjoint").isGreaterThan(previousEnd);
      assertThat(r.startMillis()).isGreaterThanOrEqualTo(from);
      assertThat(r.endMillis()).isLessThanOrEqualTo(to).isGreaterThan(r.startMillis());
      previousEnd = r.endMillis();
    }
  }

  private static void assertOccurrences(List<TimeRange> occurrences, long from, long to, ZoneId zone) {
    for (int i = 0; i < occurrences.size(); i++) {
      TimeRange r = occurrences.get(i);
      assertThat(r.durationMillis()).as("duration of %s in %s", r, zone).isBetween(1L, 2 * DAY - 1);
      assertThat(r.startMillis() < to && r.endMillis() > from).as("%s overlaps [%s, %s)", r, from, to).isTrue();
      if (i > 0) {
        assertThat(r.startMillis()).as("sorted").isGreaterThanOrEqualTo(occurrences.get(i - 1).startMillis());
      }
    }
  }
}
