package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;

/**
 * Writes a JSON tree exactly as Python's {@code json.dumps(obj)} does with its defaults: separators
 * {@code ", "} and {@code ": "}, {@code ensure_ascii=True} (everything outside printable ASCII as
 * <code>&#92;u00e9</code>, lowercase hex, surrogate pairs for astral characters), floats via {@code
 * float.__repr__}, {@code NaN}/{@code Infinity} for non-finite floats. Jackson's own generator
 * differs in hex case and float format, hence this writer.
 */
final class PythonJsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PythonJsonWriter() {}

  static String write(JsonNode node) {
    StringBuilder out = new StringBuilder(128);
    write(node, out);
    return out.toString();
  }

  static void write(JsonNode node, StringBuilder out) {
    if (node == null) {
      out.append("null");
      return;
    }
    switch (node.getNodeType()) {
      case NULL, MISSING -> out.append("null");
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NUMBER -> number(node, out);
      case STRING -> string(node.textValue(), out);
      case BINARY ->
          string(node.asText(), out); // base64, as Jackson would; Python has no bytes in JSON
      case ARRAY -> PythonContainers.list(node, out, PythonJsonWriter::write);
      case OBJECT ->
          PythonContainers.dict(node, out, PythonJsonWriter::string, PythonJsonWriter::write);
      case POJO -> write(CeleryJson.mapper().valueToTree(((POJONode) node).getPojo()), out);
    }
  }

  private static void number(JsonNode node, StringBuilder out) {
    if (node.isInt() || node.isLong() || node.isShort()) {
      out.append(node.longValue()); // the common case, without a BigInteger per number
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isFloat()) {
      // A Java float has no Python equivalent; write the decimal a person would expect (0.1f ->
      // 0.1).
      out.append(PythonFloats.json(Double.parseDouble(Float.toString(node.floatValue()))));
    } else if (node.isBigDecimal()) {
      out.append(node.decimalValue().toString());
    } else {
      out.append(PythonFloats.json(node.doubleValue()));
    }
  }

  /** {@code json.encoder.py_encode_basestring_ascii}. */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            // Java strings are UTF-16 already, so astral characters come out as the surrogate
            // pair Python writes.
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }
}
