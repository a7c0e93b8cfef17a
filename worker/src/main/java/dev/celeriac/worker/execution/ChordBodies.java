package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.Signature;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskMessage;

/**
 * What happens to a chord's body once its header is joined: it is applied with the header's
 * results, or it fails without running. A port, so the join's decisions are tested without a broker
 * or a backend.
 *
 * <h2>Concurrency</h2>
 *
 * Called from task threads; implementations are thread-safe.
 */
public interface ChordBodies {

  /**
   * Sends the body with {@code results} prepended to its arguments, on behalf of {@code task} (its
   * parent), confirmed.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  void apply(Signature<Object> body, JsonNode results, TaskMessage task, String queue);

  /**
   * Stores the body's FAILURE with {@code error} (under the body's task id) and sends its errbacks
   * ({@code link_error}) with the body's task id, as Celery's {@code chord_error_from_stack} does.
   */
  void fail(Signature<Object> body, RemoteException error, TaskMessage task, String queue);
}
