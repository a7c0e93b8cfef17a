package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The captured Celery 5.2.6 messages in src/test/resources/celery-vectors (copied from the shared
 * capture; see docs/protocol.md).
 */
final class Vectors {

  private Vectors() {}

  static JsonNode load(String file) {
    try (InputStream in = Vectors.class.getResourceAsStream("/celery-vectors/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no vector " + file);
      }
      return CeleryJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Vector file names starting with {@code prefix}, sorted. */
  static List<String> files(String prefix) {
    try (Stream<Path> files =
        Files.list(Path.of(Vectors.class.getResource("/celery-vectors").toURI()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && n.endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The messages of a file; {@code kind} filters worker captures (task/result/event), or null. */
  static List<JsonNode> messages(String file, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode m : load(file).path("messages")) {
      if (kind == null || kind.equals(m.path("kind").asText())) {
        out.add(m);
      }
    }
    return out;
  }

  /** The captured headers as the AMQP layer hands them over: plain Java values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> headers(JsonNode message) {
    return CeleryJson.mapper().convertValue(message.path("headers"), Map.class);
  }

  static TaskProperties properties(JsonNode message) {
    JsonNode p = message.path("properties");
    return new TaskProperties(
        text(p, "correlation_id"),
        text(p, "reply_to"),
        p.has("priority") ? p.get("priority").intValue() : null,
        p.has("delivery_mode") ? p.get("delivery_mode").intValue() : null,
        text(p, "expiration"),
        text(p, "content_type"),
        text(p, "content_encoding"));
  }

  static byte[] body(JsonNode message) {
    return message.path("body_raw").textValue().getBytes(StandardCharsets.UTF_8);
  }

  static String text(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value.asText();
  }
}
