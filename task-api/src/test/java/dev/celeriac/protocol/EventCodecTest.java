package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ProtocolException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Captured Celery 5.2.6 events: single objects (task-sent, heartbeats) and task.multi arrays. */
class EventCodecTest {

  private static JsonNode vector(String name) throws Exception {
    try (InputStream in = EventCodecTest.class.getResourceAsStream("/celery-vectors/" + name)) {
      return CeleryJson.mapper().readTree(in);
    }
  }

  @Test
  void readsBothShapesFromACapturedRun() throws Exception {
    List<String> types = new ArrayList<>();
    int multi = 0;
    for (JsonNode message : vector("worker-01-add-success.json").path("messages")) {
      if (!message.path("kind").asText().equals("event")) {
        continue;
      }
      List<ObjectNode> events =
          EventCodec.decode(message.path("body_raw").asText().getBytes(StandardCharsets.UTF_8));
      if (message.path("routing_keys").get(0).asText().equals("task.multi")) {
        multi++;
      }
      events.forEach(e -> types.add(e.path("type").asText()));
    }
    assertThat(multi).isPositive();
    assertThat(types).contains("task-sent", "task-received", "task-started", "task-succeeded");
  }

  @Test
  void rejectsBodiesThatAreNotEvents() {
    assertThatThrownBy(() -> EventCodec.decode("42".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> EventCodec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(
            () -> EventCodec.decode("{\"no\": \"type\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class);
  }
}
