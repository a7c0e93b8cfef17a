package dev.celeriac.client.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.broker.topology.Events;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.CeleryJson;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Celery events ({@code celery/events/dispatcher.py}): each one a JSON object with {@code
 * type}, {@code hostname}, {@code utcoffset}, {@code pid}, {@code clock} and {@code timestamp}
 * added, published to {@code celeryev} with the type as routing key ({@code task.succeeded}) and a
 * {@code hostname} header, transient, unconfirmed.
 *
 * <pre>{@code
 * EventDispatcher events = new EventDispatcher(connection, "celery@host");
 * events.send(TaskEventType.STARTED.wireName(), events.fields().put("uuid", taskId));
 * }</pre>
 *
 * <p>Events are advisory, as in Celery: when the broker is unreachable or the backlog exceeds ten
 * thousand events, events are dropped (and counted) rather than slow down tasks.
 *
 * <h2>Concurrency</h2>
 *
 * {@link #send} may be called from any thread and never blocks; one platform thread, {@code
 * celeriac-events-<n>}, owns the channel and publishes in order. {@link #close()} sends what is
 * queued, then closes the channel and the thread.
 */
public final class EventDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
  private static final int BACKLOG = 10_000;

  private final BrokerConnection connection;
  private final String hostname;
  private final long pid = ProcessHandle.current().pid();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor owner;
  private Channel channel; // owned by the owner thread

  public EventDispatcher(BrokerConnection connection, String hostname) {
    this.connection = connection;
    this.hostname = hostname;
    this.owner =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            new NamedThreadFactory("celeriac-events", true),
            (task, executor) -> dropped.incrementAndGet());
  }

  /** A new, empty field object to fill and pass to {@link #send}. */
  public ObjectNode fields() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** The sender's node name, the {@code hostname} of every event. */
  public String hostname() {
    return hostname;
  }

  /** Events not sent because the backlog was full or the broker refused them. */
  public long dropped() {
    return dropped.get();
  }

  /** The Lamport clock value of the last event. */
  public long clock() {
    return clock.get();
  }

  /** Queues an event of {@code type} with {@code fields} (plus the common fields) for sending. */
  public void send(String type, ObjectNode fields) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("hostname", hostname);
    event.put("utcoffset", utcoffset());
    event.put("pid", pid);
    event.put("clock", clock.incrementAndGet());
    event.setAll(fields);
    event.put("timestamp", Instant.now().toEpochMilli() / 1000.0);
    event.put("type", type);
    if (owner.isShutdown()) {
      dropped.incrementAndGet();
      return;
    }
    owner.execute(() -> publish(type, event));
  }

  private void publish(String type, ObjectNode event) {
    try {
      if (channel == null || !channel.isOpen()) {
        channel = connection.createChannel();
        Events.declareExchange(channel);
      }
      channel.basicPublish(
          Events.EXCHANGE,
          Events.routingKey(type),
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .contentEncoding("utf-8")
              .deliveryMode(1)
              .priority(0)
              .headers(Map.of("hostname", hostname))
              .build(),
          CeleryJson.writeBytes(event));
    } catch (java.io.IOException | RuntimeException e) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        log.warn("Cannot send event {} ({} dropped so far): {}", type, n, e.toString());
      }
    }
  }

  /** Celery's {@code utcoffset()}: hours west of UTC (POSIX sign), so UTC+2 is {@code -2}. */
  static int utcoffset() {
    int east = ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds();
    return Math.floorDiv(-east, 3600);
  }

  /** Sends what is queued (waiting up to 5 s), then closes the channel. */
  @Override
  public void close() {
    owner.shutdown();
    try {
      if (!owner.awaitTermination(5, TimeUnit.SECONDS)) {
        owner.shutdownNow();
      }
    } catch (InterruptedException e) {
      owner.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (channel != null) {
      Topology.closeQuietly(channel);
    }
  }
}
