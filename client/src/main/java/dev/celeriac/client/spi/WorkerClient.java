package dev.celeriac.client.spi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import dev.celeriac.client.internal.AppInternals;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.protocol.TaskMessage;
import java.util.concurrent.CompletableFuture;

/**
 * What a worker needs of an app beyond the user's API: a worker is also a client (it publishes
 * retries, chain steps, callbacks and group members, and records revokes), and tools built on the
 * broker (benchmarks, commands, tests) reach its connection. Not for code that calls tasks: use
 * {@link Celeriac#task} and its references.
 *
 * <pre>{@code
 * Celeriac app = Celeriac.builder().connection(workerConnection).build();
 * WorkerClient client = WorkerClient.of(app);
 * client.sendFollowUp(next, request.headers().rootId(), request.id(), queue, restOfChain);
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe, like the app it belongs to; it lives and closes with the app.
 */
public interface WorkerClient {

  /** The worker-facing side of {@code app}. */
  static WorkerClient of(Celeriac app) {
    return AppInternals.workerClient(app);
  }

  /**
   * The app's broker connection.
   *
   * @throws dev.celeriac.error.ConfigurationException for an app built over a stand-in broker
   *     ({@link dev.celeriac.client.CeleriacBuilder#buildOn}), which has none
   */
  BrokerConnection connection();

  /**
   * The app's result backend, opened from its result backend URL ({@link
   * dev.celeriac.client.CeleriacBuilder#resultBackend}): a worker stores its tasks' results through
   * it, and tools read stored results by id ({@link ResultBackend#fetch}). It lives and closes with
   * the app; do not close it.
   */
  ResultBackend results();

  /** {@code gen<pid>@<host>}, the app's {@code origin} header. */
  String origin();

  /**
   * Sends a prepared protocol message to {@code queue} and waits for the broker's confirm: the
   * queue is declared first, and a message with an eta goes through the broker's delayed delivery
   * where the broker has it.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  void send(TaskMessage message, String queue);

  /**
   * Like {@link #send} but returns at once with a future completed by the broker's confirm, so many
   * messages can be in flight (pipelined confirms).
   */
  CompletableFuture<Void> sendAsync(TaskMessage message, String queue);

  /**
   * Publishes a signature on behalf of a running task, as a worker does for chain steps and
   * callbacks: the new task's root is the workflow's root and its parent the running task.
   * Callbacks it carries that name no queue go where it goes.
   *
   * @param queue where it goes unless the signature names a queue
   * @param chain the remaining chain steps (last first) to carry along, or null
   * @return the id the task was sent with
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  String sendFollowUp(
      Signature<?> signature, String rootId, String parentId, String queue, ArrayNode chain);

  /**
   * As {@link #sendFollowUp(Signature, String, String, String, ArrayNode)}, for a member of the
   * group {@code groupId} (its {@code group_index} comes from the signature's options).
   */
  String sendFollowUp(
      Signature<?> signature,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId);

  /**
   * Keeps a revoke in the broker's {@code celeriac.revoked} stream, where workers started later
   * find it; unlike {@code app.revoke}, never broadcasts (a worker records a revoke it heard by
   * broadcast).
   *
   * @return false, doing nothing, on a broker without streams
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm the revoke
   */
  boolean recordRevoke(String taskId, boolean terminate);
}
