package dev.uptally.collector.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLinesTest {

  @Test
  void formulasAreDefusedAndSpecialCharactersQuoted() {
    assertThat(CsvLines.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(CsvLines.cell("+1")).isEqualTo("'+1");
    assertThat(CsvLines.cell("-2")).isEqualTo("'-2");
    assertThat(CsvLines.cell("@SUM")).isEqualTo("'@SUM");
    assertThat(CsvLines.cell("\tx")).isEqualTo("'\tx");
    assertThat(CsvLines.cell("\rx")).isEqualTo("\"'\rx\"");
    assertThat(CsvLines.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvLines.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(CsvLines.cell("acme-ws-006")).isEqualTo("acme-ws-006");
  }

  @Test
  void numbersBooleansTimesAndNullsAreWrittenAsTheyAre() {
    assertThat(CsvLines.cell(-3)).isEqualTo("-3");
    assertThat(CsvLines.cell(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(CsvLines.cell(0.5)).isEqualTo("0.5");
    assertThat(CsvLines.cell(true)).isEqualTo("true");
    assertThat(CsvLines.cell(Instant.parse("2026-11-03T04:05:06Z"))).isEqualTo("2026-11-03T04:05:06Z");
    assertThat(CsvLines.cell(null)).isEmpty();
  }

  @Test
  void aLineJoinsItsCellsWithCommasAndEndsInCrLf() {
    StringBuilder out = new StringBuilder();
    CsvLines.append(out, Arrays.asList("a", null, 1, "=x"));
    CsvLines.append(out, List.of());
    assertThat(out).hasToString("a,,1,'=x\r\n\r\n");
  }
}
