package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.Signature;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChordBodies} through the worker's follow-ups (the body and its errbacks are published as a
 * worker publishes chain steps) and its result store (the body's FAILURE).
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe, as its parts are.
 */
public final class ChordBodyActions implements ChordBodies {

  private static final Logger log =
      LoggerFactory.getLogger("dev.celeriac.worker.pipeline.DeliveryPipeline");

  private final FollowUps followUps;
  private final ResultStore store;

  public ChordBodyActions(FollowUps followUps, ResultStore store) {
    this.followUps = followUps;
    this.store = store;
  }

  @Override
  public void apply(Signature<Object> body, JsonNode results, TaskMessage task, String queue) {
    followUps.applyChordBody(body, results, task, queue);
  }

  @Override
  public void fail(Signature<Object> body, RemoteException error, TaskMessage task, String queue) {
    String bodyId = body.taskId();
    if (bodyId == null) {
      log.error("Chord body {} has no task id; its failure {} cannot be stored", body, error);
    } else {
      String replyTo = body.options().path("reply_to").asText(null);
      store.store(
          new ResultTarget(bodyId, replyTo, bodyId, null),
          new ResultMessage(
              bodyId, TaskState.FAILURE, ResultCodec.encodeException(error), null, null));
    }
    followUps.chordBodyErrbacks(body, task, queue);
  }
}
