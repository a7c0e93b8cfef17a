package dev.celeriac.broker;

import com.rabbitmq.client.LongString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts an AMQP header table as amqp-client delivers it into plain Java values. Python
 * publishers write every string as a long string ({@code S}), which amqp-client hands over as
 * {@link LongString}, not {@code String}; nested tables and arrays carry them too.
 */
public final class HeaderValues {

  private HeaderValues() {}

  /** A copy of {@code headers} with every {@link LongString} turned into a {@code String}. */
  public static Map<String, Object> normalize(Map<String, Object> headers) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach((k, v) -> out.put(k, normalizeValue(v)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object normalizeValue(Object value) {
    if (value instanceof LongString s) {
      return s.toString();
    }
    if (value instanceof Map<?, ?> map) {
      return normalize((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(normalizeValue(item));
      }
      return out;
    }
    return value;
  }
}
