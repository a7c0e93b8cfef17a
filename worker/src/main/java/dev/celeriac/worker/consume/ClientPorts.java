package dev.celeriac.worker.consume;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.control.RevokeRecorder;
import dev.celeriac.worker.execution.FollowUpPublisher;

/**
 * The worker's one use of its client app: follow-ups and retries ({@link FollowUpPublisher}) and
 * revoke records ({@link RevokeRecorder}) are published through the worker's own {@link Celeriac}
 * on the worker's connection. The only class of the worker that calls the app's publishing methods.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe, as the app is; every call blocks until the broker confirmed.
 */
public final class ClientPorts implements FollowUpPublisher, RevokeRecorder {

  private final WorkerClient app;

  public ClientPorts(Celeriac app) {
    this.app = WorkerClient.of(app);
  }

  @Override
  public String publish(
      Signature<?> signature,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId) {
    return app.sendFollowUp(signature, rootId, parentId, queue, chain, groupId);
  }

  @Override
  public void republish(TaskMessage message, String queue) {
    app.send(message, queue);
  }

  @Override
  public String origin() {
    return app.origin();
  }

  @Override
  public boolean record(String taskId, boolean terminate) {
    return app.recordRevoke(taskId, terminate);
  }
}
