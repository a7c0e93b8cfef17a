package dev.celeriac.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.client.internal.ResultSlot;
import dev.celeriac.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Steps that run one after another, Celery's {@code chain}: only the first step is published; the
 * rest travel in its {@code embed.chain}, last step first, each with its task id and reply queue
 * frozen in, and each worker publishes the next step when its own succeeds.
 *
 * <p>The {@link AsyncResult} returned is the last step's; it fails as soon as any step fails.
 */
public final class Chain<R> {

  private final List<Signature<?>> steps;

  Chain(List<Signature<?>> steps) {
    ConfigurationException.require(!steps.isEmpty(), "a chain needs at least one step");
    this.steps = List.copyOf(steps);
  }

  public List<Signature<?>> steps() {
    return steps;
  }

  /** Sends the chain; returns once the broker confirmed its first message. */
  @SuppressWarnings("unchecked")
  public AsyncResult<R> applyAsync() {
    Celeriac app = steps.getFirst().app();
    List<Signature<?>> frozen = new ArrayList<>();
    for (Signature<?> step : steps) {
      String id = step.taskId() != null ? step.taskId() : UUID.randomUUID().toString();
      String queue = step.queue() != null ? step.queue() : app.defaultQueue();
      frozen.add(
          step.withOption("task_id", TextNode.valueOf(id))
              .withOption("reply_to", TextNode.valueOf(app.replyQueue()))
              .withOption("queue", TextNode.valueOf(queue)));
    }
    ArrayNode rest = JsonNodeFactory.instance.arrayNode();
    for (int i = frozen.size() - 1; i >= 1; i--) {
      rest.add(frozen.get(i).toJson());
    }
    Celeriac.Prepared first =
        app.prepare(frozen.getFirst(), TaskOptions.NONE, null, rest.isEmpty() ? null : rest);
    List<ResultSlot> slots = new ArrayList<>();
    for (Signature<?> step : frozen) {
      slots.add(app.register(step.taskId()));
    }
    try {
      app.publish(first);
    } catch (RuntimeException e) {
      frozen.forEach(step -> app.unregister(step.taskId()));
      throw e;
    }
    Signature<R> last = (Signature<R>) frozen.getLast();
    return app.result(last.taskId(), last, slots.getLast(), slots.subList(0, slots.size() - 1));
  }
}
