package dev.celeriac.beat.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.beat.schedule.CronField.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Celery's crontab_parser rules, one by one (examples from celery/schedules.py). */
class CronFieldTest {

  private static List<Integer> values(Kind kind, String spec) {
    CronField f = CronField.parse(kind, spec);
    List<Integer> out = new ArrayList<>();
    for (int v = f.nextAtOrAfter(0); v >= 0; v = f.nextAtOrAfter(v + 1)) {
      out.add(v);
    }
    return out;
  }

  @Test
  void starIsEveryValueOfTheField() {
    assertThat(values(Kind.HOUR, "*")).hasSize(24).startsWith(0).endsWith(23);
    assertThat(values(Kind.DAY_OF_MONTH, "*")).hasSize(31).startsWith(1).endsWith(31);
    assertThat(values(Kind.MONTH_OF_YEAR, "*")).hasSize(12).startsWith(1).endsWith(12);
  }

  @Test
  void starStepCountsFromTheFieldsMinimum() {
    assertThat(values(Kind.MINUTE, "*/15")).containsExactly(0, 15, 30, 45);
    assertThat(values(Kind.DAY_OF_MONTH, "*/10")).containsExactly(1, 11, 21, 31);
  }

  @Test
  void rangeStepCountsFromTheRangesStart() {
    assertThat(values(Kind.MINUTE, "1-10/3")).containsExactly(1, 4, 7, 10);
  }

  @Test
  void listsRangesAndNumbersCombine() {
    assertThat(values(Kind.HOUR, "1,3-5,*/12")).containsExactly(0, 1, 3, 4, 5, 12);
  }

  @Test
  void dayOfWeekZeroIsSundayAndNamesCount() {
    assertThat(values(Kind.DAY_OF_WEEK, "sun")).containsExactly(0);
    assertThat(values(Kind.DAY_OF_WEEK, "mon-fri")).containsExactly(1, 2, 3, 4, 5);
    assertThat(values(Kind.DAY_OF_WEEK, "Saturday")).containsExactly(6);
  }

  @Test
  void aRangeEndingBelowItsStartWrapsAround() {
    assertThat(values(Kind.DAY_OF_WEEK, "fri-mon")).containsExactly(0, 1, 5, 6);
    assertThat(values(Kind.HOUR, "22-1")).containsExactly(0, 1, 22, 23);
  }

  @Test
  void refusesValuesOutsideTheFieldWithTheRange() {
    assertThatThrownBy(() -> CronField.parse(Kind.DAY_OF_WEEK, "7"))
        .hasMessageContaining("7 is out of range 0-6 (0 = Sunday)");
    assertThatThrownBy(() -> CronField.parse(Kind.MINUTE, "60")).hasMessageContaining("0-59");
    assertThatThrownBy(() -> CronField.parse(Kind.DAY_OF_MONTH, "0")).hasMessageContaining("1-31");
  }

  @Test
  void refusesNamesOutsideDayOfWeekAndUnknownNames() {
    assertThatThrownBy(() -> CronField.parse(Kind.MINUTE, "mon"))
        .hasMessageContaining("'mon' is not a number");
    assertThatThrownBy(() -> CronField.parse(Kind.DAY_OF_WEEK, "funday"))
        .hasMessageContaining("not a weekday");
  }

  @Test
  void refusesEmptyPartsAndSteps() {
    assertThatThrownBy(() -> CronField.parse(Kind.MINUTE, "1,,2")).hasMessageContaining("empty");
    assertThatThrownBy(() -> CronField.parse(Kind.MINUTE, "*/")).hasMessageContaining("empty step");
    assertThatThrownBy(() -> CronField.parse(Kind.MINUTE, "*/0")).hasMessageContaining("below 1");
    assertThatThrownBy(() -> CronField.parse(Kind.MINUTE, "")).hasMessageContaining("empty");
  }
}
