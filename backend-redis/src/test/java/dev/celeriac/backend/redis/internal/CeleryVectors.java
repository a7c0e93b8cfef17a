package dev.celeriac.backend.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden files {@code celery-vectors/capture.py} recorded from Celery 5.2.6's Redis backend.
 */
final class CeleryVectors {

  private CeleryVectors() {}

  static Path dir() {
    try {
      return Path.of(CeleryVectors.class.getResource("/celery-vectors/capture.py").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(String scenario) {
    try {
      return CeleryJson.mapper().readTree(dir().resolve(scenario + ".json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every scenario whose key is a task's result key. */
  static List<String> taskScenarios() {
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .map(name -> name.substring(0, name.length() - ".json".length()))
          .filter(name -> read(name).path("key").asText().startsWith(RedisKeys.TASK_PREFIX))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
