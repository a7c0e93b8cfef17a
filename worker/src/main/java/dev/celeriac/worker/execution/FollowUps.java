package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.client.Signature;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.TaskMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker publishes after a task ran, as Celery's worker does: the next chain step and the
 * {@code link} callbacks (with the result prepended) after success, the {@code link_error} errbacks
 * (with the failed task's id) after failure, and the re-published message of a retry.
 *
 * <p>Follow-ups that name no queue go to the queue the task came from: a worker cannot know the
 * routing table of the app that built the workflow (Celery's worker would route them by its own
 * app's routes, usually to {@code celery}). Celeriac's own client always names the queue.
 */
public final class FollowUps {

  private static final Logger log = LoggerFactory.getLogger(FollowUps.class);

  private final FollowUpPublisher publisher;

  public FollowUps(FollowUpPublisher publisher) {
    this.publisher = publisher;
  }

  /**
   * Publishes the next chain step and the callbacks, each confirmed.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm one; the caller
   *     then requeues the task rather than lose the rest of the workflow
   */
  public void afterSuccess(TaskMessage task, String queue, JsonNode result) {
    JsonNode chain = task.body().embed().chain();
    if (chain != null && chain.isArray() && !chain.isEmpty()) {
      ArrayNode rest = ((ArrayNode) chain).deepCopy();
      Signature<Object> next = Signature.fromJson(rest.remove(rest.size() - 1));
      publish(next, result, task, queue, rest, null);
    }
    for (JsonNode callback : list(task.body().embed().callbacks())) {
      publish(Signature.fromJson(callback), result, task, queue, null, null);
    }
  }

  /**
   * Publishes one follow-up the way Celery's worker applies a signature: a plain task as one
   * message; a {@code celery.group} as one message per member, each with the result and the group
   * id; a {@code celery.chain} as its first step, carrying its other steps along. Python builds
   * these when a chain ends in a group or a callback is itself a chain.
   *
   * @param rest the outer chain's remaining steps (last first), or null
   */
  private void publish(
      Signature<Object> sig,
      JsonNode result,
      TaskMessage task,
      String queue,
      ArrayNode rest,
      String group) {
    String type = sig.subtaskType();
    if (type == null) {
      String id =
          publisher.publish(
              sig.withPrependedArg(result),
              task.headers().rootId(),
              task.id(),
              queue,
              rest == null ? null : rest.isEmpty() ? emptyChain() : rest,
              group);
      log.debug("{}[{}] is followed by {}[{}]", task.taskName(), task.id(), sig.task(), id);
      return;
    }
    List<Signature<Object>> members = new ArrayList<>();
    for (JsonNode member : list(sig.kwargs().get("tasks"))) {
      Signature<Object> m = Signature.fromJson(member);
      members.add(sig.immutable() ? m.asImmutable() : m);
    }
    switch (type) {
      case "group" -> {
        if (rest != null && !rest.isEmpty()) {
          // Celery turns "group, then more steps" into a chord, which rpc:// cannot run.
          throw new ProtocolException(
              "chain of "
                  + task.taskName()
                  + "["
                  + task.id()
                  + "] continues after a group, which needs a chord; chords need a shared result"
                  + " backend, so end the chain with the group or collect the group's results in the"
                  + " caller");
        }
        String groupId = sig.taskId() != null ? sig.taskId() : UUID.randomUUID().toString();
        for (Signature<Object> member : members) {
          publish(member, result, task, queue, null, groupId);
        }
      }
      case "chain" -> {
        if (members.isEmpty()) {
          return;
        }
        ArrayNode steps = rest == null ? JsonNodeFactory.instance.arrayNode() : rest.deepCopy();
        for (int i = members.size() - 1; i >= 1; i--) {
          steps.add(members.get(i).toJson());
        }
        publish(members.getFirst(), result, task, queue, steps, group);
      }
      default ->
          throw new ProtocolException(
              "follow-up of "
                  + task.taskName()
                  + "["
                  + task.id()
                  + "] is a '"
                  + type
                  + "' ("
                  + sig.task()
                  + "), which needs a shared result backend; Celeriac runs plain tasks, groups and"
                  + " chains as follow-ups");
    }
  }

  /**
   * Publishes the errbacks with the failed task's id; a failure to do so is logged, not retried.
   */
  public void afterFailure(TaskMessage task, String queue) {
    for (JsonNode errback : list(task.body().embed().errbacks())) {
      try {
        Signature<Object> sig = Signature.fromJson(errback);
        publisher.publish(
            sig.withPrependedArg(TextNode.valueOf(task.id())),
            task.headers().rootId(),
            task.id(),
            queue,
            null,
            null);
      } catch (RuntimeException e) {
        log.error(
            "Cannot publish errback {} of {}[{}]: {}",
            errback,
            task.taskName(),
            task.id(),
            e.getMessage());
      }
    }
  }

  /** Re-publishes the task for a retry after {@code countdown}, confirmed. */
  public void retry(TaskMessage task, String queue, Duration countdown) {
    OffsetDateTime eta = OffsetDateTime.now(ZoneOffset.UTC).plus(countdown);
    TaskMessage again =
        new TaskMessage(
            task.headers().forRetry(eta, publisher.origin()), task.body(), task.properties());
    publisher.republish(again, queue);
  }

  private static ArrayNode emptyChain() {
    // Celery sends the last step with "chain": [] rather than null.
    return JsonNodeFactory.instance.arrayNode();
  }

  private static Iterable<JsonNode> list(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    return node.isArray() ? node : List.of(node);
  }
}
