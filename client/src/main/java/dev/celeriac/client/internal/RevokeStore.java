package dev.celeriac.client.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.client.spi.BrokerPort;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.TaskProperties;
import java.util.function.BiConsumer;

/**
 * The client's side of revokes: keeps a revoke in the broker's {@value Revocations#STREAM} stream
 * (see {@link Revocations} for the stream itself), where workers started later find it, and falls
 * back to Celery's pidbox broadcast, heard only by the workers running now, on a broker without
 * streams. The one place that knows whether the broker can keep a revoke.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe; the stream is declared once, by the first revoke.
 */
public final class RevokeStore {

  private final BrokerPort port;
  private final BiConsumer<String, Boolean> broadcast;
  private volatile boolean declared;

  /**
   * @param broadcast sends Celery's pidbox {@code revoke} (task id, terminate) to the workers
   *     running now
   */
  public RevokeStore(BrokerPort port, BiConsumer<String, Boolean> broadcast) {
    this.port = port;
    this.broadcast = broadcast;
  }

  /**
   * Revokes a task for every worker: kept in the stream when the broker has streams, else
   * broadcast.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm the revoke
   */
  public void revoke(String taskId, boolean terminate) {
    if (!record(taskId, terminate)) {
      // No stream to keep it in (logged at connect): running workers hear the broadcast.
      broadcast.accept(taskId, terminate);
    }
  }

  /**
   * Keeps a revoke in the stream, where workers started later find it.
   *
   * @return false, doing nothing, on a broker without streams
   * @throws ConfigurationException for a blank task id
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm the revoke
   */
  public boolean record(String taskId, boolean terminate) {
    ConfigurationException.require(
        taskId != null && !taskId.isBlank(), "task id must not be blank");
    if (!port.streams()) {
      return false;
    }
    ensureStream();
    ObjectNode body =
        JsonNodeFactory.instance.objectNode().put("task_id", taskId).put("terminate", terminate);
    port.await(
        port.publish("", Revocations.STREAM, properties(), CeleryJson.writeBytes(body)),
        Revocations.STREAM);
    return true;
  }

  private void ensureStream() {
    if (declared) {
      return;
    }
    synchronized (this) {
      if (!declared) {
        port.declareRevocations();
        declared = true;
      }
    }
  }

  private static AMQP.BasicProperties properties() {
    return new AMQP.BasicProperties.Builder()
        .contentType(TaskProperties.JSON)
        .contentEncoding(TaskProperties.UTF_8)
        .deliveryMode(TaskProperties.PERSISTENT)
        .build();
  }
}
