package dev.celeriac;

import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads durations written as people write them: {@code 30s}, {@code 2m}, {@code 1h}, {@code 500ms},
 * {@code 1.5s}, or ISO-8601 such as {@code PT30S}. Used for {@code @Task} options (annotations
 * cannot hold a {@link Duration}) and command-line flags.
 */
public final class Durations {

  private Durations() {}

  /**
   * @throws ConfigurationException naming the accepted forms
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
      }
      char unit = t.charAt(t.length() - 1);
      double n = Double.parseDouble(t.substring(0, t.length() - 1).strip());
      if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) {
        throw new NumberFormatException();
      }
      long nanosPerUnit =
          switch (unit) {
            case 's' -> 1_000_000_000L;
            case 'm' -> 60_000_000_000L;
            case 'h' -> 3_600_000_000_000L;
            case 'd' -> 86_400_000_000_000L;
            default -> throw new NumberFormatException();
          };
      return Duration.ofNanos(Math.round(n * nanosPerUnit));
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new ConfigurationException(
          "a duration must look like 30s, 2m, 1h, 1d, 500ms, 1.5s or PT30S; got '" + text + "'");
    }
  }

  /**
   * Writes a duration the way {@link #parse} reads it, in its largest whole unit: {@code 2m},
   * {@code 10s}, {@code 250ms}, {@code 1d}; a fraction of a second as seconds, e.g. {@code
   * 0.0005s}.
   */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (nanos % units[i] == 0) {
        return nanos / units[i] + names[i];
      }
    }
    if (nanos % 1_000_000 == 0) {
      return nanos / 1_000_000 + "ms";
    }
    return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
  }
}
