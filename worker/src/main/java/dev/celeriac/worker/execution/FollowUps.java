package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import dev.celeriac.protocol.TaskMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
final class FollowUps {

  private static final Logger log = LoggerFactory.getLogger(FollowUps.class);

  private final Celeriac app;

  FollowUps(Celeriac app) {
    this.app = app;
  }

  /**
   * Publishes the next chain step and the callbacks, each confirmed.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm one; the caller
   *     then requeues the task rather than lose the rest of the workflow
   */
  void afterSuccess(TaskMessage task, String queue, JsonNode result) {
    JsonNode chain = task.body().embed().chain();
    if (chain != null && chain.isArray() && !chain.isEmpty()) {
      ArrayNode rest = ((ArrayNode) chain).deepCopy();
      Signature<Object> next = Signature.fromJson(rest.remove(rest.size() - 1));
      String id =
          app.sendFollowUp(
              next.withPrependedArg(result),
              task.headers().rootId(),
              task.id(),
              queue,
              rest.isEmpty() ? emptyChain() : rest);
      log.debug("Chain {}[{}] continues with {}[{}]", task.taskName(), task.id(), next.task(), id);
    }
    for (JsonNode callback : list(task.body().embed().callbacks())) {
      Signature<Object> sig = Signature.fromJson(callback);
      app.sendFollowUp(
          sig.withPrependedArg(result), task.headers().rootId(), task.id(), queue, null);
    }
  }

  /**
   * Publishes the errbacks with the failed task's id; a failure to do so is logged, not retried.
   */
  void afterFailure(TaskMessage task, String queue) {
    for (JsonNode errback : list(task.body().embed().errbacks())) {
      try {
        Signature<Object> sig = Signature.fromJson(errback);
        app.sendFollowUp(
            sig.withPrependedArg(TextNode.valueOf(task.id())),
            task.headers().rootId(),
            task.id(),
            queue,
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
  void retry(TaskMessage task, String queue, Duration countdown) {
    OffsetDateTime eta = OffsetDateTime.now(ZoneOffset.UTC).plus(countdown);
    TaskMessage again =
        new TaskMessage(task.headers().forRetry(eta, app.origin()), task.body(), task.properties());
    app.send(again, queue);
  }

  private static ArrayNode emptyChain() {
    // Celery sends the last step with "chain": [] rather than null.
    return JsonNodeFactory.instance.arrayNode();
  }

  private static Iterable<JsonNode> list(JsonNode node) {
    if (node == null || node.isNull()) {
      return java.util.List.of();
    }
    return node.isArray() ? node : java.util.List.of(node);
  }
}
