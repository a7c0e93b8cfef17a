package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.client.Signature;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.error.ConfigurationException;
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
  private final ResultBackend results;

  /**
   * @param results where chords started by follow-ups are joined (their size, or their {@code
   *     celery.chord_unlock})
   */
  public FollowUps(FollowUpPublisher publisher, ResultBackend results) {
    this.publisher = publisher;
    this.results = results;
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
        String groupId = sig.taskId() != null ? sig.taskId() : UUID.randomUUID().toString();
        if (rest != null && !rest.isEmpty()) {
          // "group, then more steps" is a chord whose body is the rest of the chain, as Celery's
          // client builds it (Python never sends this shape; it sends celery.chord).
          startChord(members, restAsBody(rest), groupId, result, task, queue);
          return;
        }
        for (Signature<Object> member : members) {
          publish(member, result, task, queue, null, groupId);
        }
      }
      case "chord" -> {
        if (rest != null && !rest.isEmpty()) {
          throw new ProtocolException(
              "chain of "
                  + task.taskName()
                  + "["
                  + task.id()
                  + "] continues after a chord; Celery puts the steps after a chord into its body");
        }
        JsonNode header = sig.kwargs().path("header");
        List<Signature<Object>> headerMembers = new ArrayList<>();
        boolean immutableHeader = header.path("immutable").asBoolean(false);
        for (JsonNode member :
            list(header.isObject() ? header.path("kwargs").get("tasks") : header)) {
          Signature<Object> m = Signature.fromJson(member);
          headerMembers.add(immutableHeader ? m.asImmutable() : m);
        }
        String groupId =
            sig.taskId() != null
                ? sig.taskId()
                : header.path("options").path("task_id").asText(UUID.randomUUID().toString());
        Signature<Object> body = Signature.fromJson(sig.kwargs().get("body"));
        startChord(headerMembers, body, groupId, result, task, queue);
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
   * Starts a chord on behalf of a running task, as Celery's {@code chord.run} does: the join is
   * prepared (the chord size on a backend that joins chords, else a {@code celery.chord_unlock}
   * task), then every header member is sent with the result, the group id, its {@code group_index}
   * and the body in {@code embed.chord}.
   */
  private void startChord(
      List<Signature<Object>> header,
      Signature<Object> body,
      String groupId,
      JsonNode result,
      TaskMessage task,
      String queue) {
    if (!results.persistent()) {
      throw new ConfigurationException(
          "chain of "
              + task.taskName()
              + "["
              + task.id()
              + "] continues with a chord, which needs a result backend that all workers share;"
              + " this worker's is "
              + results.url()
              + ". Start the worker with --result-backend redis://… (or another durable backend).");
    }
    ObjectNode bodyJson = body.toJson();
    List<Signature<Object>> members = new ArrayList<>(header.size());
    for (int i = 0; i < header.size(); i++) {
      Signature<Object> m = header.get(i);
      if (m.taskId() == null) {
        m = m.withOption("task_id", TextNode.valueOf(UUID.randomUUID().toString()));
      }
      members.add(
          m.withOption("chord", bodyJson)
              .withOption("group_index", JsonNodeFactory.instance.numberNode(i)));
    }
    if (results.joinsChords()) {
      results.setChordSize(groupId, members.size());
    } else {
      publisher.publish(
          ChordUnlock.signature(
              groupId, bodyJson, members.stream().map(Signature::taskId).toList()),
          task.headers().rootId(),
          task.id(),
          body.queue() != null ? body.queue() : queue,
          null,
          null);
    }
    for (Signature<Object> member : members) {
      publish(member, result, task, queue, null, groupId);
    }
  }

  /** The rest of a chain (last step first) as one body: a step, or a {@code celery.chain}. */
  private static Signature<Object> restAsBody(ArrayNode rest) {
    if (rest.size() == 1) {
      return Signature.fromJson(rest.get(0));
    }
    ObjectNode chain = JsonNodeFactory.instance.objectNode();
    chain.put("task", "celery.chain");
    chain.putArray("args");
    ArrayNode tasks = chain.putObject("kwargs").putArray("tasks");
    for (int i = rest.size() - 1; i >= 0; i--) {
      tasks.add(rest.get(i));
    }
    chain.putObject("options");
    chain.put("subtask_type", "chain");
    chain.put("immutable", false);
    return Signature.fromJson(chain);
  }

  /**
   * Sends a chord's body with the header's results, its parent being {@code task} (the header
   * member that completed the join); a body that is a chain or group is sent as such.
   */
  public void applyChordBody(
      Signature<Object> body, JsonNode results, TaskMessage task, String queue) {
    publish(body, results, task, queue, null, null);
  }

  /** Sends the errbacks of a chord's body that will not run, with the body's task id. */
  public void chordBodyErrbacks(Signature<Object> body, TaskMessage task, String queue) {
    String bodyId = body.taskId();
    for (JsonNode errback : body.errorLinks()) {
      try {
        publisher.publish(
            Signature.fromJson(errback).withPrependedArg(TextNode.valueOf(bodyId)),
            task.headers().rootId(),
            bodyId,
            queue,
            null,
            null);
      } catch (RuntimeException e) {
        log.error(
            "Cannot publish errback {} of chord body [{}]: {}", errback, bodyId, e.getMessage());
      }
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
