package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.Embed;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskProperties;
import java.nio.charset.StandardCharsets;

/** Messages of chord header members and of {@code celery.chord_unlock}, as Celery sends them. */
final class ChordMessages {

  static final String BODY =
      "{\"task\": \"t.collect\", \"args\": [], \"kwargs\": {}, \"options\": {\"task_id\":"
          + " \"body-1\", \"reply_to\": \"r\"}, \"subtask_type\": null, \"immutable\": false}";

  private ChordMessages() {}

  static JsonNode json(String text) {
    return CeleryJson.read(text.getBytes(StandardCharsets.UTF_8));
  }

  static TaskMessage member(String id, String group, Integer index) {
    TaskHeaders headers =
        TaskHeaders.builder(id, "t.add")
            .lang("py")
            .rootId(id)
            .group(group)
            .groupIndex(index)
            .origin("gen1@test")
            .build();
    Embed embed = new Embed(null, null, null, group == null ? null : json(BODY));
    return message(headers, JsonNodeFactory.instance.arrayNode(), embed);
  }

  static TaskMessage unlock(ArrayNode args, ObjectNode kwargs) {
    TaskHeaders headers =
        TaskHeaders.builder("unlock-1", ChordUnlock.NAME)
            .lang("py")
            .rootId("unlock-1")
            .origin("gen1@test")
            .ignoreResult(true)
            .build();
    return new TaskMessage(
        headers,
        new TaskBody(args, kwargs, Embed.EMPTY),
        new TaskProperties("unlock-1", null, 0, 2, null, "application/json", "utf-8"));
  }

  private static TaskMessage message(TaskHeaders headers, ArrayNode args, Embed embed) {
    return new TaskMessage(
        headers,
        new TaskBody(args, JsonNodeFactory.instance.objectNode(), embed),
        new TaskProperties(headers.id(), "r", 0, 2, null, "application/json", "utf-8"));
  }
}
