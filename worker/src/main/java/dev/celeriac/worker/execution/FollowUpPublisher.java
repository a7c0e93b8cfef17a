package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.celeriac.client.Signature;
import dev.celeriac.protocol.TaskMessage;

/**
 * Port to the client side of a worker: what it publishes after a task ran (chain steps, callbacks,
 * errbacks, the message of a retry). Each call returns once the broker confirmed the message.
 *
 * <h2>Concurrency</h2>
 *
 * Called from task threads; implementations are thread-safe.
 */
public interface FollowUpPublisher {

  /**
   * Publishes {@code signature} on behalf of a running task: root and parent are the workflow's.
   *
   * @param queue where it goes unless the signature names a queue
   * @param chain the remaining chain steps (last first) to carry along, or null
   * @param groupId the group it is a member of, or null
   * @return the id it was sent with
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  String publish(
      Signature<?> signature,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId);

  /**
   * Publishes a prepared task message (a retry) to {@code queue}.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  void republish(TaskMessage message, String queue);

  /** The {@code origin} header of messages this worker publishes ({@code gen<pid>@<host>}). */
  String origin();
}
