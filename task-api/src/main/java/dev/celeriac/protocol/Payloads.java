package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.error.ProtocolException;
import java.util.Locale;
import java.util.Set;

/** Checks content type and encoding, undoes compression and parses a JSON message body. */
final class Payloads {

  private static final Set<String> UTF8 = Set.of("utf-8", "utf8", "us-ascii", "ascii");

  private Payloads() {}

  /**
   * The body as a JSON tree.
   *
   * <p>A {@code content_type} other than {@code application/json} is rejected: Celeriac speaks only
   * Celery's JSON serializer. A missing {@code content_type} is accepted when the body parses as
   * JSON (kombu itself treats such a body as raw data; Celeriac prefers trying JSON over
   * dead-lettering a hand-made message).
   */
  static JsonNode readJson(
      String contentType, String contentEncoding, String compression, byte[] body) {
    boolean typed = contentType != null && !contentType.isBlank();
    if (typed && !isJson(contentType)) {
      throw new ProtocolException(
          "content_type '"
              + contentType
              + "' is not supported: Celeriac accepts only JSON messages (application/json);"
              + " configure the Celery side with task_serializer='json' (and"
              + " result_serializer='json', accept_content=['json'])");
    }
    if (contentEncoding != null
        && !contentEncoding.isBlank()
        && !UTF8.contains(contentEncoding.trim().toLowerCase(Locale.ROOT))) {
      throw new ProtocolException(
          "content_encoding '" + contentEncoding + "' is not supported: Celeriac reads utf-8 JSON");
    }
    byte[] json = body == null ? new byte[0] : body;
    if (compression != null && !compression.isBlank()) {
      json = Compression.decompress(compression, json);
    }
    try {
      return CeleryJson.read(json);
    } catch (ProtocolException e) {
      String prefix = typed ? "body is " : "body has no content_type and is ";
      throw new ProtocolException(prefix + e.getMessage(), e.getCause());
    }
  }

  /** {@code application/json}, ignoring case and parameters such as {@code ; charset=utf-8}. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().equalsIgnoreCase(TaskProperties.JSON);
  }

  /** "a JSON string", "a JSON object", ... for error messages. */
  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "a JSON array";
      case OBJECT -> "a JSON object";
      case STRING -> "a JSON string";
      case NUMBER -> "a JSON number";
      case BOOLEAN -> "a JSON boolean";
      case NULL -> "JSON null";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
