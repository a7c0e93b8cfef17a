package dev.celeriac;

import dev.celeriac.error.ConfigurationException;
import java.util.Locale;

/**
 * Reads byte sizes as people write them: {@code 512KiB}, {@code 16MiB}, {@code 1GiB}, {@code 1MB},
 * or bytes.
 */
public final class Sizes {

  private Sizes() {}

  /**
   * @throws ConfigurationException naming the accepted forms
   */
  public static long parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    String[][] units = {
      {"kib", "1024"},
      {"mib", "1048576"},
      {"gib", "1073741824"},
      {"kb", "1000"},
      {"mb", "1000000"},
      {"gb", "1000000000"},
      {"b", "1"}
    };
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    try {
      long n = Long.parseLong(t);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigurationException(
          "a size must look like 512KiB, 16MiB, 1GiB, 1MB or a number of bytes; got '"
              + text
              + "'");
    }
  }
}
