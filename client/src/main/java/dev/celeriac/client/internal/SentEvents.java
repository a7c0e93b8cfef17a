package dev.celeriac.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.events.EventDispatcher;
import dev.celeriac.protocol.CeleryTime;
import dev.celeriac.protocol.PythonRepr;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.protocol.TaskMessage;

/** Celery's {@code task-sent} event for a published task, with the fields Celery 5.2 sends. */
public final class SentEvents {

  private SentEvents() {}

  /** Sends the {@code task-sent} event of {@code message}, published to {@code queue}. */
  public static void send(EventDispatcher events, TaskMessage message, String queue) {
    var h = message.headers();
    ObjectNode fields = events.fields();
    fields.put("uuid", h.id());
    fields.put("root_id", h.rootId());
    fields.put("parent_id", h.parentId());
    fields.put("name", h.task());
    fields.put(
        "args", h.argsRepr() != null ? h.argsRepr() : PythonRepr.argsRepr(message.body().args()));
    fields.put(
        "kwargs",
        h.kwargsRepr() != null ? h.kwargsRepr() : PythonRepr.kwargsRepr(message.body().kwargs()));
    fields.put("retries", h.retries());
    fields.put("eta", h.eta() == null ? null : CeleryTime.format(h.eta()));
    fields.put("expires", h.expires() == null ? null : CeleryTime.format(h.expires()));
    fields.put("queue", queue);
    fields.put("exchange", "");
    fields.put("routing_key", queue);
    events.send(TaskEventType.SENT.wireName(), fields);
  }
}
