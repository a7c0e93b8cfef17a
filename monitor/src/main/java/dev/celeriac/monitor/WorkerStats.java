package dev.celeriac.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Pidbox;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.monitor.state.ClusterState;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks workers for Celery's {@code stats} over the pidbox now and then, for the pool and
 * concurrency that heartbeats do not carry, and casts {@code shutdown} to one worker. Replies come
 * to a private queue bound to {@code reply.celery.pidbox} with this monitor's own key.
 *
 * <p><b>Concurrency:</b> {@link #askStats} and {@link #shutdown} each use a channel of their own;
 * replies arrive on the connection's dispatch thread.
 */
final class WorkerStats implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerStats.class);

  private final BrokerConnection connection;
  private final Channel replies;
  private final String replyKey;

  private WorkerStats(BrokerConnection connection, Channel replies, String replyKey) {
    this.connection = connection;
    this.replies = replies;
    this.replyKey = replyKey;
  }

  static WorkerStats start(BrokerConnection connection, ClusterState state) {
    Channel channel = connection.createChannel();
    String key = "celeriac-monitor." + UUID.randomUUID();
    try {
      channel.exchangeDeclare(Pidbox.REPLY_EXCHANGE, BuiltinExchangeType.DIRECT, false);
      channel.queueDeclare(key, false, true, true, Map.of("x-message-ttl", 10_000));
      channel.queueBind(key, Pidbox.REPLY_EXCHANGE, key);
      channel.basicConsume(
          key,
          true,
          "celeriac-monitor-stats",
          new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
              try {
                JsonNode reply = CeleryJson.read(body);
                reply
                    .properties()
                    .forEach(
                        node -> {
                          JsonNode pool = node.getValue().path("pool");
                          String implementation = poolName(pool);
                          Integer concurrency =
                              pool.path("max-concurrency").isNumber()
                                  ? pool.path("max-concurrency").asInt()
                                  : null;
                          state.workerStats(node.getKey(), implementation, concurrency);
                        });
              } catch (RuntimeException e) {
                log.debug("Ignoring an unreadable stats reply: {}", e.toString());
              }
            }
          });
      return new WorkerStats(connection, channel, key);
    } catch (IOException e) {
      Topology.closeQuietly(channel);
      throw new BrokerException("Cannot set up remote control replies: " + e.getMessage(), e);
    }
  }

  /**
   * The pool's kind from a {@code stats} reply: Celeriac names it; Celery 5.2 only shows it through
   * the keys it fills (thread pools list {@code threads}, prefork lists {@code processes}).
   */
  static String poolName(JsonNode pool) {
    if (pool.path("implementation").isTextual()) {
      return pool.path("implementation").asText();
    }
    if (pool.has("threads")) {
      return "threads";
    }
    if (pool.has("processes")) {
      return "prefork";
    }
    return pool.isObject() && pool.path("max-concurrency").asInt() == 1 ? "solo" : null;
  }

  /** Broadcasts {@code stats}; replies update the state as they come. */
  void askStats() {
    ObjectNode request = request("stats", null);
    request.put("ticket", UUID.randomUUID().toString());
    request
        .putObject("reply_to")
        .put("exchange", Pidbox.REPLY_EXCHANGE)
        .put("routing_key", replyKey);
    cast(request);
  }

  /** Casts {@code shutdown} to one worker: it stops as after SIGTERM. */
  void shutdown(String hostname) {
    cast(request("shutdown", List.of(hostname)));
  }

  private static ObjectNode request(String method, List<String> destination) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("method", method);
    request.putObject("arguments");
    if (destination == null) {
      request.putNull("destination");
    } else {
      destination.forEach(request.putArray("destination")::add);
    }
    request.putNull("pattern");
    request.putNull("matcher");
    return request;
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
              .headers(Map.of("clock", 1, "expires", Instant.now().getEpochSecond() + 10.0))
              .build();
      channel.basicPublish(Pidbox.EXCHANGE, "", props, CeleryJson.writeBytes(request));
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot broadcast to " + Pidbox.EXCHANGE + ": " + e.getMessage(), e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  @Override
  public void close() {
    Topology.closeQuietly(replies);
  }
}
