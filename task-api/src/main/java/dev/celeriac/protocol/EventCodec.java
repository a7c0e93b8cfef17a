package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Celery events from the {@code celeryev} exchange. A worker batches its task events and
 * sends them as one JSON array with routing key {@code task.multi}; clients and worker heartbeats
 * send single JSON objects. Both shapes read as a list of events.
 */
public final class EventCodec {

  private EventCodec() {}

  /**
   * The events in a message body.
   *
   * @throws ProtocolException when the body is neither an event object nor an array of them
   */
  public static List<ObjectNode> decode(byte[] body) {
    JsonNode tree = CeleryJson.read(body);
    List<ObjectNode> events = new ArrayList<>();
    if (tree instanceof ObjectNode event) {
      events.add(requireType(event));
    } else if (tree.isArray()) {
      for (JsonNode item : tree) {
        if (!(item instanceof ObjectNode event)) {
          throw new ProtocolException(
              "an event batch must hold only JSON objects; got " + item.getNodeType());
        }
        events.add(requireType(event));
      }
    } else {
      throw new ProtocolException(
          "an event must be a JSON object or an array of them; got " + tree.getNodeType());
    }
    return events;
  }

  private static ObjectNode requireType(ObjectNode event) {
    if (!event.path("type").isTextual()) {
      throw new ProtocolException("an event needs a 'type' string; got " + event);
    }
    return event;
  }
}
