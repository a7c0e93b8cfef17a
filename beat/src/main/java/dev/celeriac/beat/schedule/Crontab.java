package dev.celeriac.beat.schedule;

import dev.celeriac.beat.schedule.CronField.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A crontab with Celery's semantics ({@link CronField}): due at every minute whose minute, hour,
 * day of month, month and day of week all match (Celery requires both day fields to match, unlike
 * Unix cron, which takes either).
 *
 * <p>Times are local times in the beat's zone. Daylight-saving changes:
 *
 * <ul>
 *   <li>a local time that does not exist (clocks jump from 02:00 to 03:00, a tick at 02:30) runs
 *       once, at the same distance past the jump (03:30), as {@link ZonedDateTime#ofLocal} moves
 *       it; a tick the shift puts on an instant that already ran does not run again;
 *   <li>a local time that occurs twice (clocks go back from 03:00 to 02:00, a tick at 02:30) runs
 *       once, at its first occurrence: the next tick is searched for after the local time of the
 *       last run, so the repeated hour's matches are behind it.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class Crontab implements Schedule {

  /** How far ahead to look for a match: 28 years cover every date and weekday combination. */
  private static final int MAX_DAYS = 366 * 28;

  private final CronField minute;
  private final CronField hour;
  private final CronField dayOfWeek;
  private final CronField dayOfMonth;
  private final CronField monthOfYear;

  private Crontab(
      CronField minute,
      CronField hour,
      CronField dayOfWeek,
      CronField dayOfMonth,
      CronField monthOfYear) {
    this.minute = minute;
    this.hour = hour;
    this.dayOfWeek = dayOfWeek;
    this.dayOfMonth = dayOfMonth;
    this.monthOfYear = monthOfYear;
  }

  /**
   * Celery's {@code crontab(minute, hour, day_of_week, day_of_month, month_of_year)}; a null field
   * is {@code *}.
   *
   * @throws InvalidFieldException naming the field that is wrong
   */
  public static Crontab of(
      String minute, String hour, String dayOfWeek, String dayOfMonth, String monthOfYear) {
    Crontab c =
        new Crontab(
            field(Kind.MINUTE, minute),
            field(Kind.HOUR, hour),
            field(Kind.DAY_OF_WEEK, dayOfWeek),
            field(Kind.DAY_OF_MONTH, dayOfMonth),
            field(Kind.MONTH_OF_YEAR, monthOfYear));
    if (c.nextAfter(Instant.EPOCH, java.time.ZoneOffset.UTC) == null) {
      throw new InvalidFieldException(
          "day_of_month", "crontab(" + c.fiveFields() + ") never matches a date");
    }
    return c;
  }

  /** From Celery's keyword arguments, e.g. {@code {"minute": "*&#47;15", "hour": "*"}}. */
  public static Crontab of(Map<String, String> fields) {
    for (String key : fields.keySet()) {
      if (java.util.Arrays.stream(Kind.values()).noneMatch(k -> k.key.equals(key))) {
        throw new InvalidFieldException(
            key,
            "is not a crontab field; use minute, hour, day_of_week, day_of_month, month_of_year");
      }
    }
    return of(
        fields.get("minute"),
        fields.get("hour"),
        fields.get("day_of_week"),
        fields.get("day_of_month"),
        fields.get("month_of_year"));
  }

  /**
   * The five fields of a crontab line in Unix order: {@code minute hour day_of_month month_of_year
   * day_of_week}, e.g. {@code "*&#47;15 * * * mon-fri"}.
   */
  public static Crontab parse(String line) {
    String[] f = line == null ? new String[0] : line.strip().split("\\s+");
    if (f.length != 5) {
      throw new InvalidFieldException(
          "cron",
          "'"
              + line
              + "' must have five fields: minute hour day_of_month month_of_year day_of_week");
    }
    return of(f[0], f[1], f[4], f[2], f[3]);
  }

  private static CronField field(Kind kind, String spec) {
    try {
      return CronField.parse(kind, spec == null ? "*" : spec);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(kind.key(), e.getMessage());
    }
  }

  @Override
  public Instant nextAfter(Instant after, ZoneId zone) {
    LocalDateTime from =
        after.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = from.toLocalDate();
    for (int d = 0; d < MAX_DAYS; d++, day = day.plusDays(1)) {
      if (!matchesDay(day)) {
        continue;
      }
      boolean first = day.equals(from.toLocalDate());
      for (int h = hour.nextAtOrAfter(first ? from.getHour() : 0);
          h >= 0;
          h = hour.nextAtOrAfter(h + 1)) {
        boolean firstHour = first && h == from.getHour();
        for (int m = minute.nextAtOrAfter(firstHour ? from.getMinute() : 0);
            m >= 0;
            m = minute.nextAtOrAfter(m + 1)) {
          // ofLocal moves a time in a gap forward and takes the earlier offset in an overlap.
          Instant candidate =
              ZonedDateTime.ofLocal(LocalDateTime.of(day, java.time.LocalTime.of(h, m)), zone, null)
                  .toInstant();
          if (candidate.isAfter(after)) {
            return candidate;
          }
        }
      }
    }
    return null;
  }

  private boolean matchesDay(LocalDate day) {
    return monthOfYear.matches(day.getMonthValue())
        && dayOfMonth.matches(day.getDayOfMonth())
        // java.time's Monday is 1 and Sunday 7; Celery's Sunday is 0.
        && dayOfWeek.matches(day.getDayOfWeek().getValue() % 7);
  }

  /** The fields in Unix crontab order. */
  public String fiveFields() {
    return String.join(
        " ", minute.spec(), hour.spec(), dayOfMonth.spec(), monthOfYear.spec(), dayOfWeek.spec());
  }

  @Override
  public String describe() {
    return "crontab(" + fiveFields() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Crontab c && c.fiveFields().equals(fiveFields());
  }

  @Override
  public int hashCode() {
    return fiveFields().hashCode();
  }

  @Override
  public String toString() {
    return describe();
  }
}
