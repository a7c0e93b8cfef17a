package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Lists and dicts as Python writes them both in {@code repr} and in {@code json.dumps} with its
 * default separators: {@code [a, b]} and {@code {k: v}}. The two writers differ only in how they
 * write keys and leaves, which they pass in.
 */
final class PythonContainers {

  private PythonContainers() {}

  /** Writes {@code array}'s items with {@code item}, as {@code [a, b]}. */
  static void list(JsonNode array, StringBuilder out, BiConsumer<JsonNode, StringBuilder> item) {
    out.append('[');
    String separator = "";
    for (JsonNode element : array) {
      out.append(separator);
      item.accept(element, out);
      separator = ", ";
    }
    out.append(']');
  }

  /** Writes {@code object}'s fields with {@code key} and {@code value}, as {@code {k: v}}. */
  static void dict(
      JsonNode object,
      StringBuilder out,
      BiConsumer<String, StringBuilder> key,
      BiConsumer<JsonNode, StringBuilder> value) {
    out.append('{');
    String separator = "";
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      out.append(separator);
      key.accept(field.getKey(), out);
      out.append(": ");
      value.accept(field.getValue(), out);
      separator = ", ";
    }
    out.append('}');
  }
}
