package dev.celeriac.beat.schedule;

import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One field of a crontab, parsed with the rules of Celery's {@code crontab_parser}
 * (celery/schedules.py), so that a schedule file means what it means to Python's beat:
 *
 * <ul>
 *   <li>comma-separated parts; each is {@code *}, {@code *&#47;step}, a number, a range {@code a-b}
 *       or a stepped range {@code a-b/step} (the step counts from {@code a});
 *   <li>a range whose end is below its start wraps around ({@code fri-mon} is 5, 6, 0, 1);
 *   <li>day of week counts from 0 = Sunday to 6 = Saturday and takes names ({@code sun}, {@code
 *       monday}: the first three letters count); Celery reads such names in every field, which only
 *       makes sense for the day of week, so Celeriac refuses them elsewhere;
 *   <li>values outside the field's range are refused, as Celery refuses them.
 * </ul>
 *
 * <p>Written here rather than taken from a cron library: the libraries (cron-utils, Quartz,
 * Spring's) each follow another dialect (Quartz 1 = Sunday, Unix's 7 = Sunday, OR of day of month
 * and day of week), and adapting one to Celery's semantics takes more code than this parser, which
 * is tested rule by rule against Celery's own examples.
 *
 * <p>Immutable and thread-safe.
 */
public final class CronField {

  /** The five fields, with their value ranges. */
  public enum Kind {
    MINUTE("minute", 0, 59),
    HOUR("hour", 0, 23),
    DAY_OF_WEEK("day_of_week", 0, 6),
    DAY_OF_MONTH("day_of_month", 1, 31),
    MONTH_OF_YEAR("month_of_year", 1, 12);

    final String key;
    final int min;
    final int max;

    Kind(String key, int min, int max) {
      this.key = key;
      this.min = min;
      this.max = max;
    }

    /** The field's name in Celery's {@code crontab(...)} and in schedule files. */
    public String key() {
      return key;
    }
  }

  private static final Pattern RANGE_STEPS = Pattern.compile("^(\\w+?)-(\\w+)/(\\w+)?$");
  private static final Pattern RANGE = Pattern.compile("^(\\w+?)-(\\w+)$");
  private static final Pattern STAR_STEPS = Pattern.compile("^\\*/(\\w+)?$");

  private static final Map<String, Integer> WEEKDAYS =
      Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6);

  private final Kind kind;
  private final String spec;
  private final BitSet values;

  private CronField(Kind kind, String spec, BitSet values) {
    this.kind = kind;
    this.spec = spec;
    this.values = values;
  }

  /**
   * Parses {@code spec} for field {@code kind}.
   *
   * @throws IllegalArgumentException saying what is wrong with which part
   */
  public static CronField parse(Kind kind, String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("is empty; use * for every value");
    }
    BitSet values = new BitSet(kind.max + 1);
    for (String raw : spec.split(",", -1)) {
      String part = raw.strip();
      if (part.isEmpty()) {
        throw new IllegalArgumentException("'" + spec + "' has an empty part");
      }
      parsePart(kind, part, values);
    }
    return new CronField(kind, spec.strip(), values);
  }

  private static void parsePart(Kind kind, String part, BitSet into) {
    Matcher m;
    if ((m = RANGE_STEPS.matcher(part)).matches()) {
      addStepped(range(kind, m.group(1), m.group(2)), step(part, m.group(3)), into);
    } else if ((m = RANGE.matcher(part)).matches()) {
      addStepped(range(kind, m.group(1), m.group(2)), 1, into);
    } else if ((m = STAR_STEPS.matcher(part)).matches()) {
      addStepped(range(kind, kind.min, kind.max), step(part, m.group(1)), into);
    } else if (part.equals("*")) {
      addStepped(range(kind, kind.min, kind.max), 1, into);
    } else {
      into.set(number(kind, part));
    }
  }

  private static int[] range(Kind kind, String from, String to) {
    return range(kind, number(kind, from), number(kind, to));
  }

  private static int[] range(Kind kind, int from, int to) {
    if (to >= from) {
      int[] r = new int[to - from + 1];
      for (int i = 0; i < r.length; i++) {
        r[i] = from + i;
      }
      return r;
    }
    // Celery wraps around: fri-mon is fri, sat, sun, mon.
    int size = (kind.max - from + 1) + (to - kind.min + 1);
    int[] r = new int[size];
    int i = 0;
    for (int v = from; v <= kind.max; v++) {
      r[i++] = v;
    }
    for (int v = kind.min; v <= to; v++) {
      r[i++] = v;
    }
    return r;
  }

  private static void addStepped(int[] values, int step, BitSet into) {
    for (int i = 0; i < values.length; i += step) {
      into.set(values[i]);
    }
  }

  private static int step(String part, String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("'" + part + "' has an empty step");
    }
    try {
      int step = Integer.parseInt(text);
      if (step < 1) {
        throw new IllegalArgumentException("'" + part + "' has a step below 1");
      }
      return step;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + part + "' has a step that is not a number");
    }
  }

  private static int number(Kind kind, String text) {
    int value;
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        value = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is too large");
      }
    } else if (kind == Kind.DAY_OF_WEEK && text.length() >= 3) {
      Integer day = WEEKDAYS.get(text.substring(0, 3).toLowerCase(Locale.ROOT));
      if (day == null) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a weekday; use 0-6 (0 = Sunday) or sun, mon, ... sat");
      }
      value = day;
    } else {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a number"
              + (kind == Kind.DAY_OF_WEEK ? " or a weekday name (sun, mon, ... sat)" : ""));
    }
    if (value < kind.min || value > kind.max) {
      throw new IllegalArgumentException(
          value
              + " is out of range "
              + kind.min
              + "-"
              + kind.max
              + (kind == Kind.DAY_OF_WEEK ? " (0 = Sunday)" : ""));
    }
    return value;
  }

  /** Whether {@code value} is one of this field's values. */
  public boolean matches(int value) {
    return value >= 0 && values.get(value);
  }

  /** The smallest value at or above {@code from}, or -1 when there is none. */
  public int nextAtOrAfter(int from) {
    int v = values.nextSetBit(Math.max(from, 0));
    return v > kind.max ? -1 : v;
  }

  /** The field as written. */
  public String spec() {
    return spec;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public String toString() {
    return kind.key + "=" + spec;
  }
}
