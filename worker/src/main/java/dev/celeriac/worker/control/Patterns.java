package dev.celeriac.worker.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * kombu's node selection by {@code pattern} and {@code matcher} ({@code glob} by default, or {@code
 * pcre}), used when a request addresses workers by a name pattern.
 */
final class Patterns {

  private Patterns() {}

  static boolean matches(String node, JsonNode pattern, JsonNode matcher) {
    if (pattern == null || pattern.isNull() || pattern.isMissingNode()) {
      return true;
    }
    String kind = matcher == null || matcher.isNull() ? "glob" : matcher.asText("glob");
    String text = pattern.asText();
    if ("pcre".equals(kind)) {
      return Pattern.compile(text).matcher(node).find();
    }
    return Pattern.matches(glob(text), node);
  }

  private static String glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
