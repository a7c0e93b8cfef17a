package dev.celeriac.protocol;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Datetimes as Celery puts them in {@code eta}/{@code expires} headers: Python's {@code
 * datetime.isoformat()}.
 *
 * <pre>{@code
 * CeleryTime.format(OffsetDateTime.parse("2030-01-02T03:04:05.678901Z"))
 *     // "2030-01-02T03:04:05.678901+00:00"
 * CeleryTime.parse("2030-01-02T03:04:05")   // naive: read as UTC
 * }</pre>
 *
 * <p><b>Naive values are read as UTC.</b> Python sends a naive datetime without offset ({@code
 * publish-04-eta-naive.json}) and a Celery worker interprets it in its own {@code timezone}
 * setting, UTC by default. Celeriac has no such setting, so it assumes UTC; always send an offset.
 */
public final class CeleryTime {

  // date [T or space] HH:MM[:SS[.fraction]] [Z | +HH[:MM[:SS[.ffffff]]] | +HHMM]
  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?"
              + "(?:([Zz])|([+-])(\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:\\.\\d{1,6})?)?)?)?)?");

  private CeleryTime() {}

  /**
   * {@code datetime.isoformat()} of an aware datetime: {@code 2030-01-02T03:04:05.678901+00:00};
   * microseconds only when non-zero (nanoseconds are truncated: Python has none); the offset always
   * as {@code +HH:MM} (never {@code Z}), with {@code :SS} only when it has seconds.
   *
   * @throws IllegalArgumentException for a year outside 1..9999, which Python cannot represent
   */
  public static String format(OffsetDateTime time) {
    int year = time.getYear();
    if (year < 1 || year > 9999) {
      throw new IllegalArgumentException(
          "year " + year + " is outside 1..9999, the range of Python's datetime: " + time);
    }
    StringBuilder out = new StringBuilder(32);
    pad(out, year, 4).append('-');
    pad(out, time.getMonthValue(), 2).append('-');
    pad(out, time.getDayOfMonth(), 2).append('T');
    pad(out, time.getHour(), 2).append(':');
    pad(out, time.getMinute(), 2).append(':');
    pad(out, time.getSecond(), 2);
    int micros = time.getNano() / 1000;
    if (micros != 0) {
      pad(out.append('.'), micros, 6);
    }
    int offset = time.getOffset().getTotalSeconds();
    out.append(offset < 0 ? '-' : '+');
    offset = Math.abs(offset);
    pad(out, offset / 3600, 2).append(':');
    pad(out, offset / 60 % 60, 2);
    if (offset % 60 != 0) {
      pad(out.append(':'), offset % 60, 2);
    }
    return out.toString();
  }

  /**
   * Reads what Python's {@code isoformat()} (and {@code fromisoformat()}) produce: {@code
   * 2030-01-02T03:04:05}, with optional fraction (1-9 digits), optional offset ({@code +00:00},
   * {@code +0000}, {@code Z}), {@code T} or a space between date and time, or a date alone
   * (midnight). Without an offset the value is taken as UTC.
   *
   * @throws DateTimeParseException when the text is not such a datetime
   */
  public static OffsetDateTime parse(CharSequence text) {
    String s = text.toString().trim();
    Matcher m = ISO.matcher(s);
    if (!m.matches()) {
      throw new DateTimeParseException("not an ISO-8601 datetime: '" + s + "'", s, 0);
    }
    try {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      LocalTime clock = LocalTime.MIDNIGHT;
      if (m.group(4) != null) {
        int nanos = 0;
        if (m.group(7) != null) {
          nanos = Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
        }
        clock =
            LocalTime.of(
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                nanos);
      }
      ZoneOffset offset = ZoneOffset.UTC;
      if (m.group(9) != null) {
        int sign = m.group(9).equals("-") ? -1 : 1;
        offset =
            ZoneOffset.ofHoursMinutesSeconds(
                sign * Integer.parseInt(m.group(10)),
                sign * (m.group(11) == null ? 0 : Integer.parseInt(m.group(11))),
                sign * (m.group(12) == null ? 0 : Integer.parseInt(m.group(12))));
      }
      return OffsetDateTime.of(LocalDateTime.of(date, clock), offset);
    } catch (DateTimeException e) {
      throw new DateTimeParseException(
          "not a valid datetime: '" + s + "' (" + e.getMessage() + ")", s, 0, e);
    }
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }
}
