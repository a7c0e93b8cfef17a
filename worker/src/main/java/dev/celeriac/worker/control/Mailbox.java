package dev.celeriac.worker.control;

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
import dev.celeriac.error.MessageSecurityException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.security.AuthSerializer;
import dev.celeriac.security.MessageSigning;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's remote-control mailbox on Celery's pidbox, answering Celery's commands with Celery's
 * reply shapes, so {@code celery inspect}/{@code celery control} and Flower work with Celeriac
 * workers: {@code ping}, {@code registered}, {@code active}, {@code reserved}, {@code scheduled},
 * {@code stats}, {@code active_queues}, {@code revoke} (an id or a list, with {@code terminate}),
 * {@code rate_limit}, {@code add_consumer}, {@code cancel_consumer}, {@code shutdown}, {@code
 * revoked}, {@code clock} and {@code hello} (mingle). Other commands get Celery's error reply.
 *
 * <h2>Concurrency</h2>
 *
 * Its channel belongs to amqp-client's dispatch thread, which handles one request at a time and
 * publishes the replies.
 */
public final class Mailbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

  private final BrokerConnection connection;
  private final String node;
  private final ControlTarget target;
  private final AtomicLong clock = new AtomicLong();
  private final MessageSigning signing;
  private Channel channel;

  /** {@code target} carries out the requests addressed to {@code node}. */
  public Mailbox(BrokerConnection connection, String node, ControlTarget target) {
    this(connection, node, target, null);
  }

  /**
   * As {@link #Mailbox(BrokerConnection, String, ControlTarget)}; with {@code signing}, only
   * requests signed by a trusted certificate are carried out and replies are signed, as Celery's
   * pidbox does after {@code setup_security()}.
   */
  public Mailbox(
      BrokerConnection connection, String node, ControlTarget target, MessageSigning signing) {
    this.connection = connection;
    this.node = node;
    this.target = target;
    this.signing = signing;
  }

  public void start() {
    channel = connection.createChannel();
    Pidbox.declareExchange(channel);
    try {
      Pidbox.declareNodeQueue(channel, node);
    } catch (BrokerException e) {
      if (!String.valueOf(e.getMessage()).contains("RESOURCE_LOCKED")) {
        throw e;
      }
      // As Celery does for a duplicate node name: warn and run on, here without remote control.
      log.warn(
          "Another worker named {} is already running on this broker: this one runs tasks but does not"
              + " answer remote control; give each worker its own name with -n",
          node);
      Topology.closeQuietly(channel);
      channel = null;
      return;
    }
    try {
      // No acks, as kombu's mailbox: control messages are advisory and expire after 5 minutes.
      channel.basicConsume(node + ".celery.pidbox", true, new Requests(channel));
    } catch (IOException e) {
      throw new BrokerException("Cannot consume the mailbox of " + node + ": " + e.getMessage(), e);
    }
  }

  private void handle(JsonNode request) throws IOException {
    JsonNode destination = request.get("destination");
    if (destination != null && destination.isArray() && !contains(destination, node)) {
      return;
    }
    if (!Patterns.matches(node, request.path("pattern"), request.path("matcher"))) {
      return;
    }
    String method = request.path("method").asText("");
    JsonNode arguments = request.path("arguments");
    JsonNode reply;
    try {
      reply = dispatch(method, arguments);
    } catch (IllegalArgumentException | dev.celeriac.error.CeleriacException e) {
      reply = error(e.getMessage());
    }
    reply(request, reply);
    if ("shutdown".equals(method)) {
      log.warn("Got shutdown from remote");
      target.shutdown();
    }
  }

  private JsonNode dispatch(String method, JsonNode arguments) {
    var json = JsonNodeFactory.instance;
    return switch (method) {
      case "ping" -> ok("pong");
      case "revoke" -> {
        JsonNode ids = arguments.path("task_id");
        boolean terminate = arguments.path("terminate").asBoolean(false);
        if (ids.isArray()) {
          ids.forEach(id -> target.revoke(id.asText(), terminate));
        } else if (!ids.asText("").isEmpty()) {
          target.revoke(ids.asText(), terminate);
        }
        log.info("Tasks flagged as revoked: {}", ids);
        yield ok("tasks " + ids + " flagged as revoked");
      }
      case "registered" -> {
        var names = json.arrayNode();
        target.registered().forEach(names::add);
        yield names;
      }
      case "active" -> json.arrayNode().addAll(target.active());
      case "reserved" -> json.arrayNode().addAll(target.reserved());
      case "scheduled" -> json.arrayNode().addAll(target.scheduled());
      case "active_queues" -> json.arrayNode().addAll(target.activeQueues());
      case "stats" -> target.stats().put("clock", Long.toString(clock.get()));
      case "rate_limit" ->
          ok(
              target.rateLimit(
                  arguments.path("task_name").asText(""),
                  arguments.path("rate_limit").isNull()
                      ? ""
                      : arguments.path("rate_limit").asText("")));
      case "add_consumer" -> ok(target.addConsumer(requireQueue(arguments)));
      case "cancel_consumer" -> ok(target.cancelConsumer(requireQueue(arguments)));
      case "shutdown" -> ok("shutting down");
      case "revoked" -> {
        var ids = json.arrayNode();
        target.revoked().forEach(ids::add);
        yield ids;
      }
      case "clock" -> json.objectNode().put("clock", clock.incrementAndGet());
      case "hello" -> hello(arguments);
      default -> error("No such command: " + method);
    };
  }

  /**
   * Celery's mingle: a starting worker sends its revoked ids and gets ours back ({@code {"revoked":
   * {id: timestamp}, "clock": n}}), so revokes known to either side survive restarts of both.
   */
  private JsonNode hello(JsonNode arguments) {
    if (node.equals(arguments.path("from_node").asText())) {
      return JsonNodeFactory.instance.nullNode();
    }
    JsonNode theirs = arguments.path("revoked");
    if (theirs.isObject()) {
      theirs.fieldNames().forEachRemaining(target::revokeLocally);
    }
    ObjectNode reply = JsonNodeFactory.instance.objectNode();
    ObjectNode ours = reply.putObject("revoked");
    double now = System.currentTimeMillis() / 1000.0;
    List<String> revoked = target.revoked();
    // Celery keeps at most 50,000 revokes (REVOKES_MAX); send the newest that many.
    revoked
        .subList(Math.max(0, revoked.size() - 50_000), revoked.size())
        .forEach(id -> ours.put(id, now));
    reply.put("clock", clock.incrementAndGet());
    return reply;
  }

  private static String requireQueue(JsonNode arguments) {
    String queue = arguments.path("queue").asText("");
    if (queue.isBlank()) {
      throw new IllegalArgumentException("missing argument: queue");
    }
    return queue;
  }

  private static ObjectNode ok(String text) {
    return JsonNodeFactory.instance.objectNode().put("ok", text);
  }

  private static ObjectNode error(String text) {
    return JsonNodeFactory.instance.objectNode().put("error", text);
  }

  private void reply(JsonNode request, JsonNode reply) throws IOException {
    JsonNode replyTo = request.get("reply_to");
    JsonNode ticket = request.get("ticket");
    if (replyTo == null || !replyTo.isObject() || ticket == null) {
      return; // a cast: nobody waits for an answer
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set(node, reply);
    byte[] json = CeleryJson.writeBytes(body);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .contentType(signing == null ? "application/json" : AuthSerializer.CONTENT_TYPE)
            .contentEncoding("utf-8")
            .deliveryMode(1)
            .headers(Map.of("ticket", ticket.asText(), "clock", (int) clock.incrementAndGet()))
            .build();
    channel.basicPublish(
        replyTo.path("exchange").asText(Pidbox.REPLY_EXCHANGE),
        replyTo.path("routing_key").asText(""),
        props,
        signing == null ? json : signing.sign(json));
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (channel != null) {
      Topology.closeQuietly(channel);
    }
  }

  private final class Requests extends DefaultConsumer {
    Requests(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
      byte[] json = body;
      if (signing != null) {
        try {
          json = signing.open(props.getContentType(), body).body();
        } catch (MessageSecurityException e) {
          // Not acknowledged-and-kept like a task: control messages are advisory and expire.
          log.error("Refusing a remote-control message: {}", e.getMessage());
          return;
        }
      }
      try {
        handle(CeleryJson.read(json));
      } catch (IOException | RuntimeException e) {
        log.warn("Ignoring a control message that cannot be handled: {}", e.getMessage());
      }
    }
  }
}
