package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** Python's builtin {@code repr} of {@code json.loads} values, for {@link PythonRepr#repr}. */
final class BuiltinRepr {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private BuiltinRepr() {}

  static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("None");
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "True" : "False");
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      out.append(PythonFloats.repr(node.doubleValue()));
    } else if (node.isArray()) {
      PythonContainers.list(node, out, BuiltinRepr::write);
    } else if (node.isObject()) {
      PythonContainers.dict(node, out, BuiltinRepr::string, BuiltinRepr::write);
    } else {
      string(node.asText(), out);
    }
  }

  /**
   * CPython's {@code unicode_repr}: double quotes only when the text has a {@code '} and no {@code
   * "}; {@code \\}, {@code \t}, {@code \n}, {@code \r} and the chosen quote escaped; other
   * non-printable characters as {@code \xhh}, <code>&#92;uhhhh</code> or {@code \Uhhhhhhhh}.
   */
  static void string(String s, StringBuilder out) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp < ' ' || cp == 0x7f) {
        hex(out.append("\\x"), cp, 2);
      } else if (cp < 0x7f || isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        hex(out.append("\\x"), cp, 2);
      } else if (cp <= 0xffff) {
        hex(out.append("\\u"), cp, 4);
      } else {
        hex(out.append("\\U"), cp, 8);
      }
    }
    out.append(quote);
  }

  /** Python's {@code str.isprintable} for one non-ASCII character (Java's Unicode tables). */
  private static boolean isPrintable(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }

  private static void hex(StringBuilder out, int value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.append(HEX[(value >> shift) & 0xf]);
    }
  }
}
