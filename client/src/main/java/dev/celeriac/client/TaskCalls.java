package dev.celeriac.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.celeriac.client.TaskMessageFactory.Prepared;
import dev.celeriac.client.TaskMessageFactory.PreparedChain;
import dev.celeriac.client.internal.TaskPublisher;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends calls and wires up their results: builds each message ({@link TaskMessageFactory}), watches
 * its result before publishing it, publishes it ({@link TaskPublisher}) and stops watching again
 * when the publish fails. What {@link TaskRef}, {@link Chain}, {@link Group} and the worker SPI
 * send through; {@link Celeriac} only assembles it.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe, as its parts are.
 */
final class TaskCalls {

  private final TaskMessageFactory messages;
  private final TaskPublisher publisher;
  private final ResultWatches results;
  private final ObjectMapper json;

  TaskCalls(
      TaskMessageFactory messages,
      TaskPublisher publisher,
      ResultWatches results,
      ObjectMapper json) {
    this.messages = messages;
    this.publisher = publisher;
    this.results = results;
    this.json = json;
  }

  TaskMessageFactory messages() {
    return messages;
  }

  TaskPublisher publisher() {
    return publisher;
  }

  /** Sends one signature and returns once the broker confirmed it. */
  <R> AsyncResult<R> apply(Signature<R> signature, TaskOptions options) {
    Prepared prepared = messages.prepare(signature, options);
    ResultWatch watch = watch(prepared, signature);
    try {
      publisher.send(prepared.message(), prepared.queue());
    } catch (RuntimeException e) {
      results.unwatch(prepared.id());
      throw e;
    }
    return result(prepared, signature, watch, List.of());
  }

  /**
   * Sends many signatures with pipelined confirms: publishes all, then awaits all.
   *
   * @throws dev.celeriac.broker.PublishException when any message is not confirmed (the others may
   *     have been sent; their results still arrive)
   */
  <R> List<AsyncResult<R>> applyAll(List<Signature<R>> signatures, TaskOptions options) {
    ConfigurationException.require(
        options.taskId() == null || signatures.size() <= 1,
        "sending many tasks needs a task id per task: give no taskId option");
    List<AsyncResult<R>> sent = new ArrayList<>(signatures.size());
    List<CompletableFuture<Void>> confirms = new ArrayList<>(signatures.size());
    for (Signature<R> signature : signatures) {
      Prepared prepared = messages.prepare(signature, options);
      ResultWatch watch = watch(prepared, signature);
      try {
        confirms.add(publisher.sendAsync(prepared.message(), prepared.queue()));
      } catch (RuntimeException e) {
        results.unwatch(prepared.id());
        throw e;
      }
      sent.add(result(prepared, signature, watch, List.of()));
    }
    publisher.awaitAll(confirms, "bulk");
    return sent;
  }

  /** Sends a chain's first message; the result is the last step's, failing when any step fails. */
  @SuppressWarnings("unchecked")
  <R> AsyncResult<R> chain(List<Signature<?>> steps) {
    for (int i = 0; i < steps.size() - 1; i++) {
      if ("group".equals(steps.get(i).subtaskType())) {
        return chainWithChord(steps, i);
      }
    }
    PreparedChain chain = messages.prepareChain(steps);
    List<ResultWatch> watches = new ArrayList<>();
    for (Signature<?> step : chain.steps()) {
      watches.add(results.watch(step.taskId(), step.task()));
    }
    try {
      publisher.send(chain.first().message(), chain.first().queue());
    } catch (RuntimeException e) {
      chain.steps().forEach(step -> results.unwatch(step.taskId()));
      throw e;
    }
    Signature<R> last = (Signature<R>) chain.steps().getLast();
    return AsyncResult.watched(
        last.taskId(),
        last.task(),
        watches.getLast(),
        watches.subList(0, watches.size() - 1),
        results,
        converter(last.resultType()));
  }

  /** Sends every member of a group, each confirmed, and returns their results in member order. */
  <R> GroupResult<R> group(List<Signature<R>> members) {
    String groupId = messages.newId();
    List<AsyncResult<R>> sent = new ArrayList<>(members.size());
    for (Signature<R> member : members) {
      Prepared prepared = messages.prepareMember(member, groupId);
      ResultWatch watch = watch(prepared, member);
      try {
        publisher.send(prepared.message(), prepared.queue());
      } catch (RuntimeException e) {
        results.unwatch(prepared.id());
        throw e;
      }
      sent.add(result(prepared, member, watch, List.of()));
    }
    return new GroupResult<>(groupId, sent, results);
  }

  /**
   * Sends a chord: the body is frozen (id, reply queue, queue) and watched, the header members
   * carry it; then the join is prepared as Celery's {@code chord.run} does (the chord size on a
   * backend that joins chords, else a {@code celery.chord_unlock} task due in one second) and the
   * members are sent as one group. The result is the body's.
   *
   * @throws ConfigurationException on a backend that keeps no shared state ({@code rpc://})
   */
  <R> AsyncResult<R> chord(List<Signature<?>> header, Signature<R> body) {
    requireSharedBackend();
    Signature<R> frozen = messages.freezeBody(body);
    if (header.isEmpty()) {
      // Nothing would ever complete the join: Celery applies the body at once with [].
      return apply(frozen.withPrependedArg(json.createArrayNode()), TaskOptions.NONE);
    }
    return chord(header, frozen, frozen);
  }

  /**
   * Sends a chord whose body is frozen already; the result is {@code last}'s (the body, or the last
   * step of a body that is a chain).
   */
  private <R> AsyncResult<R> chord(
      List<Signature<?>> header, Signature<?> frozenBody, Signature<R> last) {
    for (Signature<?> member : header) {
      ConfigurationException.require(
          member.subtaskType() == null,
          "a chord's header members must be plain task signatures; got a "
              + member.subtaskType()
              + " ("
              + member.task()
              + "): nest it in a task, or make it a chord of its own");
    }
    ResultBackend backend = results.backend();
    String groupId = messages.newId();
    List<Signature<?>> members = messages.chordHeader(header, frozenBody);
    ResultWatch watch = results.watch(last.taskId(), last.task());
    try {
      if (backend.joinsChords()) {
        backend.setChordSize(groupId, members.size());
      } else {
        Prepared unlock =
            messages.prepareChordUnlock(
                groupId, frozenBody, members.stream().map(Signature::taskId).toList());
        publisher.send(unlock.message(), unlock.queue());
      }
      for (Signature<?> member : members) {
        Prepared prepared = messages.prepareMember(member, groupId);
        publisher.send(prepared.message(), prepared.queue());
      }
    } catch (RuntimeException e) {
      results.unwatch(last.taskId());
      throw e;
    }
    return AsyncResult.watched(
        last.taskId(), last.task(), watch, List.of(), results, converter(last.resultType()));
  }

  /**
   * A chain with a group followed by more steps, which Celery turns into a chord: the group is the
   * header and the steps after it the body (one step, or a {@code celery.chain}). A leading group
   * is sent as a chord at once; otherwise the chord travels as a {@code celery.chord} step in the
   * chain, and the worker that runs the step before it (in either language) starts it. The result
   * is the last step's.
   */
  @SuppressWarnings("unchecked")
  private <R> AsyncResult<R> chainWithChord(List<Signature<?>> steps, int groupAt) {
    requireSharedBackend();
    List<Signature<?>> after = new ArrayList<>();
    for (Signature<?> step : steps.subList(groupAt + 1, steps.size())) {
      after.add(messages.freezeBody(step));
    }
    Signature<R> last = (Signature<R>) after.getLast();
    Signature<?> body = after.size() == 1 ? after.getFirst() : messages.chainSignature(after);
    List<Signature<?>> header = new ArrayList<>();
    for (JsonNode member : steps.get(groupAt).kwargs().path("tasks")) {
      header.add(Signature.fromJson(member));
    }
    if (groupAt == 0) {
      return chord(header, body, last);
    }
    List<Signature<?>> chain = new ArrayList<>(steps.subList(0, groupAt));
    String groupId = messages.newId();
    chain.add(messages.chordSignature(groupId, messages.chordHeader(header, body), body));
    PreparedChain prepared = messages.prepareChain(chain);
    ResultWatch watch = results.watch(last.taskId(), last.task());
    try {
      publisher.send(prepared.first().message(), prepared.first().queue());
    } catch (RuntimeException e) {
      results.unwatch(last.taskId());
      throw e;
    }
    return AsyncResult.watched(
        last.taskId(), last.task(), watch, List.of(), results, converter(last.resultType()));
  }

  private void requireSharedBackend() {
    ResultBackend backend = results.backend();
    if (!backend.persistent()) {
      throw new ConfigurationException(
          "Chords need a result backend that all workers share, and "
              + backend.url()
              + " delivers results only to the caller (Celery refuses chords on rpc:// too; a"
              + " group followed by more steps in a chain is a chord). Configure a durable result"
              + " backend, e.g. Celeriac.builder().resultBackend(\"redis://host:6379/0\") or"
              + " --result-backend redis://host:6379/0, or run a group and apply the body in the"
              + " caller with its results.");
    }
  }

  /**
   * Publishes a follow-up on behalf of a running task, confirmed; for the worker SPI.
   *
   * @return the id it was sent with
   */
  String sendFollowUp(
      Signature<?> signature,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId) {
    Prepared prepared =
        messages.prepareFollowUp(signature, rootId, parentId, queue, chain, groupId);
    publisher.send(prepared.message(), prepared.queue());
    return prepared.id();
  }

  /** A saved group by id; see {@link Celeriac#groupResult(String, Class)}. */
  <R> Optional<GroupResult<R>> groupResult(String groupId, JavaType type) {
    return results
        .backend()
        .restoreGroup(groupId)
        .map(
            ids ->
                new GroupResult<>(
                    groupId, ids.stream().map(id -> this.<R>result(id, type)).toList(), results));
  }

  /** The result of any task id; see {@link Celeriac#result(String, Class)}. */
  <R> AsyncResult<R> result(String taskId, JavaType type) {
    ConfigurationException.require(
        taskId != null && !taskId.isBlank(), "task id must not be blank");
    return AsyncResult.byId(taskId, results, converter(type));
  }

  private ResultWatch watch(Prepared prepared, Signature<?> signature) {
    return prepared.ignoreResult() ? null : results.watch(prepared.id(), signature.task());
  }

  private <R> AsyncResult<R> result(
      Prepared prepared, Signature<R> signature, ResultWatch watch, List<ResultWatch> parents) {
    if (watch == null) {
      return AsyncResult.ignored(prepared.id(), signature.task(), results);
    }
    return AsyncResult.watched(
        prepared.id(),
        signature.task(),
        watch,
        parents,
        results,
        converter(signature.resultType()));
  }

  private <R> Function<JsonNode, R> converter(JavaType resultType) {
    JavaType type = resultType != null ? resultType : json.constructType(Object.class);
    return node -> {
      try {
        return json.convertValue(node, type);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "The task's result " + node + " cannot be read as " + type + ": " + e.getMessage());
      }
    };
  }
}
