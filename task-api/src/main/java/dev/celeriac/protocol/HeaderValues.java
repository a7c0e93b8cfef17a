package dev.celeriac.protocol;

import dev.celeriac.error.ProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tolerant conversion of decoded AMQP header values, the one place that does it. Publishers differ
 * in the types they write (py-amqp: {@code S}/{@code I}/{@code l}/{@code d}; the RabbitMQ Java
 * client hands strings over as {@code LongString}, which is not a {@code CharSequence}), so {@link
 * #normalize(Map)} first turns every string-like value into a {@code String}, and each reader
 * accepts every reasonable representation and fails with a message that names the header and what
 * arrived.
 */
final class HeaderValues {

  private HeaderValues() {}

  /** A string header: String, any CharSequence, bytes as UTF-8, or any object's toString. */
  static String text(String name, Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof Collection<?>
        || value instanceof Map<?, ?>
        || value.getClass().isArray()) {
      throw new ProtocolException("header '" + name + "' must be a string; got " + describe(value));
    }
    // CharSequence, the RabbitMQ client's LongString, numbers: their text is the value.
    return value.toString();
  }

  /** An integer header: any integral Number, an integral double, or decimal digits as text. */
  static Integer integer(String name, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Integer i) {
      return i;
    }
    BigDecimal number;
    if (value instanceof Number n) {
      if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
        throw notAnInteger(name, value);
      }
      number =
          n instanceof BigDecimal big
              ? big
              : n instanceof BigInteger big ? new BigDecimal(big) : new BigDecimal(n.toString());
    } else if (!(value instanceof Boolean)
        && !(value instanceof Collection<?>)
        && !(value instanceof Map<?, ?>)) {
      String digits = text(name, value).trim();
      try {
        number = new BigDecimal(digits);
      } catch (NumberFormatException e) {
        throw notAnInteger(name, value);
      }
    } else {
      throw notAnInteger(name, value);
    }
    try {
      return number.intValueExact();
    } catch (ArithmeticException e) {
      throw notAnInteger(name, value);
    }
  }

  /** A number of seconds: any Number or numeric text; null stays null. */
  static Double seconds(String name, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (!(value instanceof Boolean)
        && !(value instanceof Collection<?>)
        && !(value instanceof Map<?, ?>)) {
      try {
        return Double.valueOf(text(name, value).trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new ProtocolException(
        "header '" + name + "' must hold numbers of seconds or null; got " + describe(value));
  }

  /** A boolean header: Boolean, "true"/"false" in any case, or the numbers 0 and 1. */
  static boolean bool(String name, Object value, boolean absent) {
    if (value == null) {
      return absent;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n && (n.intValue() == 0 || n.intValue() == 1)) {
      return n.intValue() == 1;
    }
    if (!(value instanceof Collection<?>) && !(value instanceof Map<?, ?>)) {
      String s = text(name, value).trim();
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw new ProtocolException("header '" + name + "' must be a boolean; got " + describe(value));
  }

  /** An ISO-8601 datetime header, naive read as UTC (see {@link CeleryTime}). */
  static OffsetDateTime time(String name, Object value) {
    String s = text(name, value);
    if (s == null) {
      return null;
    }
    try {
      return CeleryTime.parse(s);
    } catch (DateTimeException e) {
      throw new ProtocolException(
          "header '"
              + name
              + "' must be an ISO-8601 datetime such as"
              + " 2030-01-02T03:04:05.678901+00:00; got '"
              + s
              + "'",
          e);
    }
  }

  /** The {@code timelimit} header: absent/null, or a list {@code [hard, soft]}. */
  static TimeLimit timeLimit(Object value) {
    if (value == null) {
      return TimeLimit.NONE;
    }
    List<?> pair;
    if (value instanceof List<?> list) {
      pair = list;
    } else if (value instanceof Object[] array) {
      pair = Arrays.asList(array);
    } else {
      throw new ProtocolException(
          "header 'timelimit' must be a list [hard, soft]; got " + describe(value));
    }
    if (pair.size() != 2) {
      throw new ProtocolException(
          "header 'timelimit' must be a list of 2 items [hard, soft]; got "
              + pair.size()
              + " items");
    }
    return new TimeLimit(
        seconds(Headers.TIMELIMIT, pair.get(0)), seconds(Headers.TIMELIMIT, pair.get(1)));
  }

  /** A copy of a header table with every value {@link #normalize(Object) normalized}. */
  static Map<String, Object> normalize(Map<String, ?> headers) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((name, value) -> out.put(name, normalize(value)));
    }
    return out;
  }

  /**
   * A header's value, with strings of any kind (CharSequence, LongString) turned into {@code
   * String} and arrays into lists, recursively; other values as they are.
   */
  static Object normalize(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof byte[]
        || value instanceof Date
        || value instanceof TemporalAccessor) {
      return value;
    }
    if (value instanceof Object[] array) {
      return normalize(Arrays.asList(array));
    }
    if (value instanceof Collection<?> items) {
      List<Object> copy = new ArrayList<>(items.size());
      for (Object item : items) {
        copy.add(normalize(item));
      }
      return copy;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
      return copy;
    }
    // CharSequence and the RabbitMQ client's LongString: the text is the value.
    return value.toString();
  }

  /** How a value shows in error messages: its kind and, for scalars, the value. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Collection<?> || value instanceof Object[]) {
      return "a list";
    }
    if (value instanceof Map<?, ?>) {
      return "a map";
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    String text = value.toString();
    if (text.length() > 60) {
      text = text.substring(0, 60) + "...";
    }
    return "the string '" + text + "'";
  }

  private static ProtocolException notAnInteger(String name, Object value) {
    return new ProtocolException(
        "header '" + name + "' must be an integer; got " + describe(value));
  }
}
