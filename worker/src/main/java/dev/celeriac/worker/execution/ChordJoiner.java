package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.broker.PublishException;
import dev.celeriac.client.Signature;
import dev.celeriac.client.results.ChordPart;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of a chord on a backend that joins chords itself (Redis), Celery's {@code
 * on_chord_part_return}: each header task's final state goes into the join; the worker whose part
 * completes it applies the body with the header's results in header order, or, when a part failed
 * or was revoked, stores the body's FAILURE with Celery's {@code ChordError} and sends the body's
 * errbacks instead of running it. The join's keys are deleted afterwards.
 *
 * <p>Backends without a join leave chords to {@code celery.chord_unlock} ({@link ChordUnlock}).
 *
 * <h2>Concurrency</h2>
 *
 * Stateless and thread-safe; called on the task thread after the part's own result is stored.
 */
public final class ChordJoiner {

  // The pipeline's logger, so one logging setting covers everything that happens to a delivery.
  private static final Logger log =
      LoggerFactory.getLogger("dev.celeriac.worker.pipeline.DeliveryPipeline");

  private final ResultBackend backend;
  private final ChordBodies bodies;

  public ChordJoiner(ResultBackend backend, ChordBodies bodies) {
    this.backend = backend;
    this.bodies = bodies;
  }

  /**
   * Records a header task's final state when {@code task} is a chord header member ({@code
   * embed.chord} and a {@code group} header) and the backend joins chords; otherwise nothing.
   *
   * @param queue where the body goes unless it names a queue
   * @param result the return value, or the encoded exception for FAILURE and REVOKED
   * @throws ResultNotStoredException when the backend fails: the task goes back to its queue and
   *     its part is recorded again when it runs again (the join keeps one entry per identical part)
   * @throws PublishException when the broker does not confirm the body; the join is kept so that
   *     the task's next run completes it again
   */
  public void partReturned(TaskMessage task, String queue, TaskState state, JsonNode result) {
    JsonNode chord = task.body().embed().chord();
    String groupId = task.headers().group();
    if (chord == null || !chord.isObject() || groupId == null || !backend.joinsChords()) {
      return; // not a header member, or chord_unlock joins it
    }
    Optional<List<ChordPart>> parts;
    try {
      parts =
          backend.chordPartReturned(
              new ChordPart(groupId, task.id(), task.headers().groupIndex(), state, result));
    } catch (RuntimeException e) {
      throw new ResultNotStoredException(
          "The chord part "
              + task.id()
              + " of group "
              + groupId
              + " was not recorded by "
              + backend.url()
              + ": "
              + e.getMessage(),
          e);
    }
    if (parts.isEmpty()) {
      return;
    }
    Signature<Object> body = Signature.fromJson(chord);
    complete(task, queue, groupId, body, parts.get());
    try {
      backend.clearChord(groupId);
    } catch (RuntimeException e) {
      log.warn("Cannot delete the join of chord {}: {}", groupId, e.getMessage());
    }
  }

  /** The decision once every part is in: the body with the results, or its ChordError. */
  private void complete(
      TaskMessage task,
      String queue,
      String groupId,
      Signature<Object> body,
      List<ChordPart> parts) {
    for (ChordPart part : parts) {
      // A failed or revoked member: the body never runs, and its caller hears which member.
      if (part.propagates()) {
        RemoteException error = ChordErrors.dependency(part.taskId(), part.result());
        log.error("Chord {} raised: ChordError('{}')", groupId, error.messageText());
        bodies.fail(body, error, task, queue);
        return;
      }
    }
    ArrayNode values = JsonNodeFactory.instance.arrayNode();
    parts.forEach(part -> values.add(part.result()));
    try {
      bodies.apply(body, values, task, queue);
      log.debug("Chord {} complete: body {} sent", groupId, body.task());
    } catch (PublishException e) {
      throw e; // unconfirmed: the task is requeued, and its next run completes the join again
    } catch (RuntimeException e) {
      // A body this worker cannot send (malformed): Celery's "Callback error".
      log.error("Chord {} callback error: {}", groupId, e.toString());
      bodies.fail(body, ChordErrors.callback(e), task, queue);
    }
  }
}
