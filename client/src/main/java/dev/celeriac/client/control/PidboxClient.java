package dev.celeriac.client.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Pidbox;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.security.AuthSerializer;
import dev.celeriac.security.MessageSigning;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sending side of kombu's pidbox ({@code kombu/pidbox.py}, {@code Mailbox._broadcast} and
 * {@code _collect}): requests to the {@code celery.pidbox} fanout exchange with {@code clock} and
 * {@code expires} headers; replies on a private queue bound to {@code reply.celery.pidbox}, matched
 * by their {@code ticket} header.
 *
 * <h2>Concurrency</h2>
 *
 * Each call opens and closes its own channel; calls may run concurrently.
 */
final class PidboxClient {

  private PidboxClient() {}

  /** A request nobody answers (revoke). */
  static void cast(
      BrokerConnection connection,
      MessageSigning signing,
      String method,
      ObjectNode arguments,
      List<String> destination) {
    Channel channel = connection.createChannel();
    try {
      Pidbox.declareExchange(channel);
      publish(channel, signing, request(method, arguments, destination), Duration.ofMinutes(5));
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot broadcast to " + Pidbox.EXCHANGE + ": " + e.getMessage(), e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /** A request with replies: node name → reply, collected until all addressed nodes or timeout. */
  static Map<String, JsonNode> call(
      BrokerConnection connection,
      MessageSigning signing,
      String method,
      ObjectNode arguments,
      List<String> destination,
      Duration timeout) {
    Channel channel = connection.createChannel();
    try {
      Pidbox.declareExchange(channel);
      Pidbox.declareReplyExchange(channel);
      String key = UUID.randomUUID().toString();
      String queue =
          channel
              .queueDeclare(
                  key + ".reply.celery.pidbox",
                  false,
                  true,
                  true,
                  Map.of("x-message-ttl", 300_000, "x-expires", 10_000))
              .getQueue();
      channel.queueBind(queue, Pidbox.REPLY_EXCHANGE, key);
      String ticket = UUID.randomUUID().toString();
      LinkedBlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
      channel.basicConsume(
          queue,
          true,
          new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
              Object header = props.getHeaders() == null ? null : props.getHeaders().get("ticket");
              if (header != null && ticket.equals(String.valueOf(header))) {
                try {
                  replies.add(
                      CeleryJson.read(
                          signing == null
                              ? body
                              : signing.open(props.getContentType(), body).body()));
                } catch (ProtocolException e) {
                  // not a reply we can read or trust: ignore it, as kombu would refuse it
                }
              }
            }
          });
      ObjectNode request = request(method, arguments, destination);
      request.put("ticket", ticket);
      request.putObject("reply_to").put("exchange", Pidbox.REPLY_EXCHANGE).put("routing_key", key);
      publish(channel, signing, request, timeout);
      return collect(replies, destination, timeout);
    } catch (IOException e) {
      throw new BrokerException("Cannot send " + method + " to workers: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("Interrupted while waiting for replies to " + method, e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  private static Map<String, JsonNode> collect(
      LinkedBlockingQueue<JsonNode> replies, List<String> destination, Duration timeout)
      throws InterruptedException {
    Map<String, JsonNode> byNode = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (destination == null || byNode.size() < destination.size()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      JsonNode reply = replies.poll(left, TimeUnit.NANOSECONDS);
      if (reply == null) {
        break;
      }
      reply.properties().forEach(e -> byNode.put(e.getKey(), e.getValue()));
    }
    return byNode;
  }

  private static ObjectNode request(String method, ObjectNode arguments, List<String> destination) {
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    request.put("method", method);
    request.set("arguments", arguments);
    if (destination == null) {
      request.putNull("destination");
    } else {
      destination.forEach(request.putArray("destination")::add);
    }
    request.putNull("pattern");
    request.putNull("matcher");
    return request;
  }

  private static void publish(
      Channel channel, MessageSigning signing, ObjectNode request, Duration expiresIn)
      throws IOException {
    byte[] body = CeleryJson.writeBytes(request);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .contentType(signing == null ? "application/json" : AuthSerializer.CONTENT_TYPE)
            .contentEncoding("utf-8")
            .deliveryMode(2)
            .headers(
                Map.of(
                    "clock", 1, "expires", Instant.now().plus(expiresIn).toEpochMilli() / 1000.0))
            .build();
    channel.basicPublish(Pidbox.EXCHANGE, "", props, signing == null ? body : signing.sign(body));
  }
}
