package dev.celeriac.beat.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Crontab schedule math with fixed instants, daylight-saving changes included. */
class CrontabTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static List<Instant> ticks(Schedule s, Instant from, Instant to, ZoneId zone) {
    List<Instant> out = new ArrayList<>();
    for (Instant t = s.nextAfter(from, zone);
        t != null && t.isBefore(to);
        t = s.nextAfter(t, zone)) {
      out.add(t);
    }
    return out;
  }

  @Test
  void everyMinuteIsTheNextWholeMinute() {
    Crontab c = Crontab.parse("* * * * *");
    assertThat(c.nextAfter(Instant.parse("2026-01-01T10:00:30Z"), ZoneOffset.UTC))
        .isEqualTo("2026-01-01T10:01:00Z");
    assertThat(c.nextAfter(Instant.parse("2026-01-01T10:01:00Z"), ZoneOffset.UTC))
        .isEqualTo("2026-01-01T10:02:00Z");
  }

  @Test
  void bothDayFieldsMustMatchAsInCelery() {
    // Friday the 13th: Celery requires the day of month and the day of week.
    Crontab c =
        Crontab.of(Map.of("minute", "0", "hour", "0", "day_of_month", "13", "day_of_week", "fri"));
    assertThat(c.nextAfter(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
        .isEqualTo("2026-02-13T00:00:00Z");
  }

  @Test
  void unixLineOrderIsMinuteHourDayMonthWeekday() {
    Crontab c = Crontab.parse("*/15 9-17 * * mon-fri");
    // 2026-01-03 is a Saturday: next is Monday 09:00.
    assertThat(c.nextAfter(Instant.parse("2026-01-03T12:00:00Z"), ZoneOffset.UTC))
        .isEqualTo("2026-01-05T09:00:00Z");
    assertThat(c.describe()).isEqualTo("crontab(*/15 9-17 * * mon-fri)");
  }

  @Test
  void readsLocalTimesInTheZone() {
    Crontab c = Crontab.parse("0 9 * * *");
    assertThat(c.nextAfter(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("Europe/Paris")))
        .isEqualTo("2026-01-01T08:00:00Z");
  }

  @Test
  void aLocalTimeThatDoesNotExistRunsOnce() {
    // 2026-03-08: New York's clocks jump from 02:00 to 03:00; 02:30 does not exist.
    Crontab c = Crontab.parse("30 2 * * *");
    List<Instant> t =
        ticks(
            c,
            Instant.parse("2026-03-07T12:00:00Z"),
            Instant.parse("2026-03-10T00:00:00Z"),
            NEW_YORK);
    assertThat(t)
        .containsExactly(
            Instant.parse("2026-03-08T07:30:00Z"), // 03:30 EDT, once
            Instant.parse("2026-03-09T06:30:00Z"));
  }

  @Test
  void aGapWithManyMatchesFiresOnceAtTheJump() {
    Crontab c = Crontab.parse("*/30 * * * *");
    List<Instant> t =
        ticks(
            c,
            Instant.parse("2026-03-08T06:00:00Z"),
            Instant.parse("2026-03-08T08:01:00Z"),
            NEW_YORK);
    // 01:30 EST, then 02:00 and 02:30 (missing) once at 03:00 EDT, then 03:30 and 04:00 EDT.
    assertThat(t)
        .containsExactly(
            Instant.parse("2026-03-08T06:30:00Z"),
            Instant.parse("2026-03-08T07:00:00Z"),
            Instant.parse("2026-03-08T07:30:00Z"),
            Instant.parse("2026-03-08T08:00:00Z"));
    assertThat(t).doesNotHaveDuplicates();
  }

  @Test
  void aLocalTimeThatOccursTwiceRunsOnce() {
    // 2026-11-01: New York's clocks go back from 02:00 EDT to 01:00 EST; 01:30 occurs twice.
    Crontab c = Crontab.parse("30 1 * * *");
    List<Instant> t =
        ticks(
            c,
            Instant.parse("2026-10-31T12:00:00Z"),
            Instant.parse("2026-11-02T12:00:00Z"),
            NEW_YORK);
    assertThat(t)
        .containsExactly(
            Instant.parse("2026-11-01T05:30:00Z"), // 01:30 EDT, the first occurrence only
            Instant.parse("2026-11-02T06:30:00Z"));
  }

  @Test
  void startingInsideTheRepeatedHourDoesNotRunItsTimeAgain() {
    Crontab c = Crontab.parse("30 1 * * *");
    // 01:10 EST, in the repeated hour, after 01:30 EDT ran.
    assertThat(c.nextAfter(Instant.parse("2026-11-01T06:10:00Z"), NEW_YORK))
        .isEqualTo("2026-11-02T06:30:00Z");
  }

  @Test
  void refusesAFieldNamingIt() {
    assertThatThrownBy(() -> Crontab.of(Map.of("minute", "*/15", "day_of_week", "7")))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("day_of_week"));
    assertThatThrownBy(() -> Crontab.of(Map.of("minutes", "1")))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("minutes"));
    assertThatThrownBy(() -> Crontab.parse("* * *")).hasMessageContaining("five fields");
  }

  @Test
  void refusesADateThatNeverOccurs() {
    assertThatThrownBy(() -> Crontab.parse("0 0 30 2 *")).hasMessageContaining("never matches");
  }
}
