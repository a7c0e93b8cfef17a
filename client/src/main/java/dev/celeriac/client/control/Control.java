package dev.celeriac.client.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Pidbox;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Remote control of workers, Celery's {@code app.control}.
 *
 * <pre>{@code
 * app.control().revoke(result.id());          // never run it
 * app.control().revoke(result.id(), true);    // and interrupt it if it runs
 * }</pre>
 */
public final class Control {

  private final BrokerConnection connection;
  private final BiConsumer<String, Boolean> durableRevoke;

  /** For {@code Celeriac.control()}; {@code durableRevoke} records a revoke in the broker. */
  public Control(BrokerConnection connection, BiConsumer<String, Boolean> durableRevoke) {
    this.connection = connection;
    this.durableRevoke = durableRevoke;
  }

  /** Revokes a task; see {@link #revoke(String, boolean)}. */
  public void revoke(String taskId) {
    revoke(taskId, false);
  }

  /**
   * Revokes a task for every worker, in both languages: recorded in the broker's revoke stream
   * (Celeriac workers, including those started later) and broadcast as Celery's pidbox {@code
   * revoke} (live Python workers). With {@code terminate} a running task is interrupted.
   */
  public void revoke(String taskId, boolean terminate) {
    if (connection.dialect().streams()) {
      durableRevoke.accept(taskId, terminate);
    }
    broadcastRevoke(taskId, terminate);
  }

  /** Celery's pidbox {@code revoke} broadcast alone, heard by the workers running now. */
  public void broadcastRevoke(String taskId, boolean terminate) {
    ObjectNode arguments =
        JsonNodeFactory.instance
            .objectNode()
            .put("task_id", taskId)
            .put("terminate", terminate)
            .put("signal", "SIGTERM");
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("method", "revoke");
    request.set("arguments", arguments);
    request.putNull("destination");
    request.putNull("pattern");
    request.putNull("matcher");
    cast(request);
  }

  private void cast(ObjectNode request) {
    Channel channel = connection.createChannel();
    try {
      Pidbox.declareExchange(channel);
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .contentEncoding("utf-8")
              .deliveryMode(2)
              .headers(Map.of("clock", 1, "expires", Instant.now().getEpochSecond() + 300.0))
              .build();
      channel.basicPublish(Pidbox.EXCHANGE, "", props, CeleryJson.writeBytes(request));
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot broadcast to " + Pidbox.EXCHANGE + ": " + e.getMessage(), e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }
}
