package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.Signature;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a join decided for a chord body; {@link #applyFails} makes applying throw. */
final class RecordingBodies implements ChordBodies {

  final List<String> applied = new CopyOnWriteArrayList<>();
  final List<RemoteException> failed = new CopyOnWriteArrayList<>();
  volatile RuntimeException applyFails;

  @Override
  public void apply(Signature<Object> body, JsonNode results, TaskMessage task, String queue) {
    if (applyFails != null) {
      throw applyFails;
    }
    applied.add(body.task() + results + " parent " + task.id() + " on " + queue);
  }

  @Override
  public void fail(Signature<Object> body, RemoteException error, TaskMessage task, String queue) {
    failed.add(error);
  }
}
