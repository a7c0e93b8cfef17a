package dev.celeriac.client.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Events;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.EventCodec;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every event on the broker, as Celery's {@code celery events} and Flower do: declares its
 * own queue {@code celeryev.<uuid>} (not durable, auto-delete, 5 s message TTL) bound to {@code
 * celeryev} with {@code #}, and hands each event to the listener. Single events and {@code
 * task.multi} batches both arrive as one call per event.
 *
 * <pre>{@code
 * try (EventReceiver receiver = EventReceiver.start(app, event ->
 *     System.out.println(event.type() + " " + event.uuid()))) {
 *   Thread.sleep(60_000);
 * }
 * }</pre>
 *
 * <p>It survives broker restarts and network failures: the connection's automatic recovery
 * re-declares the queue and binding and resumes consuming; events sent while disconnected are lost,
 * as with Celery.
 *
 * <h2>Concurrency</h2>
 *
 * The listener is called on amqp-client's dispatch thread, one event at a time and in order; it
 * should return quickly. Exceptions it throws are logged and the event skipped.
 */
public final class EventReceiver implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventReceiver.class);

  private final Channel channel;
  private final String queue;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();

  private EventReceiver(Channel channel, String queue) {
    this.channel = channel;
    this.queue = queue;
  }

  /** Receives every event ({@code #}) on the app's connection. */
  public static EventReceiver start(Celeriac app, Consumer<Event> listener) {
    return start(WorkerClient.of(app).connection(), "#", listener);
  }

  /** Receives every event ({@code #}). */
  public static EventReceiver start(BrokerConnection connection, Consumer<Event> listener) {
    return start(connection, "#", listener);
  }

  /**
   * Receives the events whose routing key matches {@code pattern}, e.g. {@code task.#} (note that
   * workers batch task events under {@code task.multi}, so filter task types in the listener).
   */
  public static EventReceiver start(
      BrokerConnection connection, String pattern, Consumer<Event> listener) {
    Channel channel = connection.createChannel();
    String queue = "celeryev." + UUID.randomUUID();
    try {
      Events.declareExchange(channel);
      Events.declareMonitorQueue(channel, queue, pattern);
      EventReceiver receiver = new EventReceiver(channel, queue);
      channel.basicConsume(queue, true, receiver.new Deliveries(channel, listener));
      return receiver;
    } catch (IOException | RuntimeException e) {
      Topology.closeQuietly(channel);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new BrokerException("Cannot consume events from " + queue + ": " + e.getMessage(), e);
    }
  }

  /** The queue this receiver reads. */
  public String queue() {
    return queue;
  }

  /** Events handed to the listener so far. */
  public long received() {
    return received.get();
  }

  /** Messages that were not Celery events, skipped. */
  public long undecodable() {
    return undecodable.get();
  }

  /** Stops receiving; the broker deletes the queue. */
  @Override
  public void close() {
    Topology.closeQuietly(channel);
  }

  private final class Deliveries extends DefaultConsumer {
    private final Consumer<Event> listener;

    Deliveries(Channel channel, Consumer<Event> listener) {
      super(channel);
      this.listener = listener;
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      java.util.List<ObjectNode> events;
      try {
        events = EventCodec.decode(body);
      } catch (ProtocolException | IllegalArgumentException e) {
        undecodable.incrementAndGet();
        log.debug("Skipping a message on celeryev that is not an event: {}", e.getMessage());
        return;
      }
      for (ObjectNode event : events) {
        received.incrementAndGet();
        try {
          listener.accept(Event.of(event));
        } catch (RuntimeException e) {
          log.warn("Event listener failed on {}: {}", event.path("type").asText(), e.toString());
        }
      }
    }
  }
}
