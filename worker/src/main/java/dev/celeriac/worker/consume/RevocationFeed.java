package dev.celeriac.worker.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code celeriac.revoked} stream from its first retained entry, so a worker knows
 * every revoke made while it was down, and each new one as it is made.
 *
 * <p>{@link #start} returns once the history is read: a stream has no "end" a consumer is told
 * about, so the feed appends a marker entry of its own right after subscribing and waits until it
 * reads it back; every revoke before the marker has then been applied. Markers carry no {@code
 * task_id}, so every reader skips them; the stream's retention removes them with the rest.
 *
 * <h2>Concurrency</h2>
 *
 * Its channel belongs to amqp-client's dispatch thread, which calls the listener one revoke at a
 * time and acknowledges there (a stream consumer must acknowledge to receive more). {@link #start}
 * waits on the caller's thread.
 */
public final class RevocationFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);
  private static final String MARKER = "celeriac_reader_marker";
  private static final int FOLLOW_ATTEMPTS = 5;
  private static final Duration FOLLOW_PAUSE = Duration.ofMillis(200);

  private final BrokerConnection connection;
  private final ConfirmingPublisher publisher;
  private final BiConsumer<String, Boolean> onRevoke;
  private final String marker = UUID.randomUUID().toString();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicLong read = new AtomicLong();
  private Channel channel;

  /**
   * @param publisher appends the marker entry (confirmed)
   * @param onRevoke receives the task id and whether to terminate it if running
   */
  public RevocationFeed(
      BrokerConnection connection,
      ConfirmingPublisher publisher,
      BiConsumer<String, Boolean> onRevoke) {
    this.connection = connection;
    this.publisher = publisher;
    this.onRevoke = onRevoke;
  }

  /**
   * Declares the stream, starts following it, and waits until the revokes it held at that moment
   * were applied, up to {@code timeout} (then it logs how far it got and goes on: later entries
   * still apply as they arrive).
   *
   * @throws BrokerException when the stream cannot be declared or consumed
   */
  public void start(Duration timeout) {
    if (!connection.dialect().streams()) {
      return; // no stream on this broker: revokes arrive only by broadcast (logged at connect)
    }
    long started = System.nanoTime();
    follow();
    try {
      publisher.publish("", Revocations.STREAM, markerProperties(), markerBody());
    } catch (RuntimeException e) {
      log.warn(
          "Cannot mark the end of {} ({}); consuming without waiting for its history, so a task"
              + " revoked while this worker was down may still run if it arrives at once",
          Revocations.STREAM,
          e.getMessage());
      return;
    }
    awaitCaughtUp(timeout, started);
  }

  /**
   * Declares the stream and consumes it from its first entry. RabbitMQ 3.10 answers a declare of a
   * stream that another client is creating at that moment before the stream runs on the node. A
   * consumer then first crashes the broker's channel, which closes the whole connection (541
   * INTERNAL_ERROR, "stream_not_found" in the broker's log), and right after that is refused (406,
   * "does not have a replica on the local node"). Several workers starting together on a new broker
   * meet both, so a worker waits for its connection to be back, pauses, and tries again, a few
   * times, instead of failing to start.
   */
  private void follow() {
    for (int attempt = 1; ; attempt++) {
      channel = connection.createChannel();
      try {
        Revocations.declare(channel);
        channel.basicQos(500, false); // streams need a prefetch to be consumed
        channel.basicConsume(
            Revocations.STREAM, false, Map.of("x-stream-offset", "first"), new Entries(channel));
        return;
      } catch (IOException | RuntimeException e) {
        Topology.closeQuietly(channel);
        channel = null;
        if (attempt == FOLLOW_ATTEMPTS || !streamStarting(e)) {
          throw new BrokerException(
              "Cannot follow the revoke stream "
                  + Revocations.STREAM
                  + ": "
                  + BrokerException.rootMessage(e)
                  + ". The broker's log says why; a stream needs RabbitMQ 3.9 or later with"
                  + " the stream_queue feature flag enabled.",
              e);
        }
        log.info(
            "{} is still starting on the broker, created by another client at the same moment"
                + " ({}); reading it again (attempt {}/{})",
            Revocations.STREAM,
            BrokerException.rootMessage(e),
            attempt + 1,
            FOLLOW_ATTEMPTS);
        Duration wait = connection.settings().recoveryInterval().multipliedBy(5);
        if (!connection.awaitOpen(wait)) {
          throw new BrokerException(
              "Cannot follow the revoke stream "
                  + Revocations.STREAM
                  + ": the connection did not come back within "
                  + wait
                  + " after the broker closed it ("
                  + BrokerException.rootMessage(e)
                  + ")",
              e);
        }
        pause(FOLLOW_PAUSE.multipliedBy(attempt));
      }
    }
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("Interrupted while waiting for " + Revocations.STREAM, e);
    }
  }

  /**
   * Whether {@code e} is what a consumer of a stream still starting gets on RabbitMQ 3.10: the
   * broker closing the connection with 541 INTERNAL_ERROR, or refusing the consumer with 406
   * because the stream has no replica running on the node yet.
   */
  static boolean streamStarting(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ShutdownSignalException signal) {
        if (signal.isInitiatedByApplication()) {
          return false;
        }
        return switch (signal.getReason()) {
          case AMQP.Connection.Close close -> close.getReplyCode() == AMQP.INTERNAL_ERROR;
          case AMQP.Channel.Close close ->
              close.getReplyCode() == AMQP.PRECONDITION_FAILED
                  && close.getReplyText().contains("does not have a replica");
          case null, default -> false;
        };
      }
    }
    return false;
  }

  private void awaitCaughtUp(Duration timeout, long started) {
    try {
      if (caughtUp.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        log.debug(
            "{} revoke(s) read from {} in {} ms",
            read.get(),
            Revocations.STREAM,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      } else {
        log.warn(
            "Read {} revoke(s) from {} within {} without reaching its end; consuming anyway, the"
                + " rest apply as they arrive",
            read.get(),
            Revocations.STREAM,
            timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private byte[] markerBody() {
    return CeleryJson.writeBytes(CeleryJson.mapper().createObjectNode().put(MARKER, marker));
  }

  private static AMQP.BasicProperties markerProperties() {
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .deliveryMode(2)
        .build();
  }

  @Override
  public void close() {
    if (channel != null) {
      Topology.closeQuietly(channel);
    }
  }

  private final class Entries extends DefaultConsumer {
    Entries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
      try {
        JsonNode entry = CeleryJson.read(body);
        String id = entry.path("task_id").asText("");
        if (!id.isEmpty()) {
          read.incrementAndGet();
          onRevoke.accept(id, entry.path("terminate").asBoolean(false));
        } else if (marker.equals(entry.path(MARKER).asText(null))) {
          caughtUp.countDown();
        }
      } catch (RuntimeException e) {
        log.warn("Ignoring an unreadable entry in {}: {}", Revocations.STREAM, e.getMessage());
      }
      getChannel().basicAck(envelope.getDeliveryTag(), false);
    }
  }
}
