package dev.celeriac.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.client.internal.RevokeStore;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.TaskMessage;
import java.util.concurrent.CompletableFuture;

/** An app's {@link WorkerClient}: the same publisher, messages and revokes as its user API. */
final class AppWorkerClient implements WorkerClient {

  private final BrokerConnection connection;
  private final TaskCalls calls;
  private final RevokeStore revokes;
  private final ResultBackend results;

  AppWorkerClient(
      BrokerConnection connection, TaskCalls calls, RevokeStore revokes, ResultBackend results) {
    this.connection = connection;
    this.calls = calls;
    this.revokes = revokes;
    this.results = results;
  }

  @Override
  public ResultBackend results() {
    return results;
  }

  @Override
  public BrokerConnection connection() {
    return Celeriac.requireConnection(connection, "the worker SPI's connection()");
  }

  @Override
  public String origin() {
    return calls.messages().origin();
  }

  @Override
  public void send(TaskMessage message, String queue) {
    calls.publisher().send(message, queue);
  }

  @Override
  public CompletableFuture<Void> sendAsync(TaskMessage message, String queue) {
    return calls.publisher().sendAsync(message, queue);
  }

  @Override
  public String sendFollowUp(
      Signature<?> signature, String rootId, String parentId, String queue, ArrayNode chain) {
    return calls.sendFollowUp(signature, rootId, parentId, queue, chain, null);
  }

  @Override
  public String sendFollowUp(
      Signature<?> signature,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId) {
    return calls.sendFollowUp(signature, rootId, parentId, queue, chain, groupId);
  }

  @Override
  public boolean recordRevoke(String taskId, boolean terminate) {
    return revokes.record(taskId, terminate);
  }
}
