package dev.celeriac.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes with publisher confirms and pipelines them: {@link #publishAsync} returns a future that
 * completes when the broker confirms, so many messages can be in flight at once; {@link #publish}
 * waits for one; {@link #publishWritten} does not wait for the confirm.
 *
 * <pre>{@code
 * try (ConfirmingPublisher publisher = new ConfirmingPublisher(connection)) {
 *   publisher.publish("", "celery", properties, body); // returns once confirmed
 * }
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. The publisher owns one channel; a lock makes sequence-number allocation and {@code
 * basic.publish} one step, so callers on any thread (including virtual threads) may publish
 * concurrently. Confirms arrive on amqp-client's dispatch thread and complete the futures there;
 * callers must not block inside dependent stages.
 */
public final class ConfirmingPublisher implements AutoCloseable {

  private final BrokerConnection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> pending =
      new ConcurrentSkipListMap<>();
  private Channel channel;
  private long channelDownSince;

  public ConfirmingPublisher(BrokerConnection connection) {
    this.connection = connection;
  }

  /**
   * Publishes and returns a future completed when the broker confirms the message, or completed
   * exceptionally with {@link PublishException} when it refuses it or the channel closes first.
   */
  public CompletableFuture<Void> publishAsync(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    return send(exchange, routingKey, properties, body, true);
  }

  /**
   * Publishes and returns a future completed once the message is written to the connection, not
   * waiting for the broker's confirm; completed exceptionally with {@link PublishException} when it
   * cannot be written. For messages whose loss with the broker is accepted anyway (transient
   * results): frames on one connection arrive in order, so an acknowledgement sent on it after this
   * returns reaches the broker after the message.
   */
  public CompletableFuture<Void> publishWritten(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    return send(exchange, routingKey, properties, body, false);
  }

  private CompletableFuture<Void> send(
      String exchange,
      String routingKey,
      AMQP.BasicProperties properties,
      byte[] body,
      boolean awaitConfirm) {
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    lock.lock();
    try {
      Channel ch = channel();
      long seq = ch.getNextPublishSeqNo();
      if (awaitConfirm) {
        pending.put(seq, confirmed);
      }
      try {
        ch.basicPublish(
            exchange, routingKey, false, connection.dialect().outgoing(properties), body);
        if (!awaitConfirm) {
          confirmed.complete(null);
        }
      } catch (IOException | RuntimeException e) {
        pending.remove(seq);
        confirmed.completeExceptionally(
            new PublishException(
                "Cannot publish to exchange '"
                    + exchange
                    + "' with key '"
                    + routingKey
                    + "': "
                    + e.getMessage(),
                e));
      }
    } finally {
      lock.unlock();
    }
    return confirmed;
  }

  /**
   * Publishes and waits for the broker's confirm, up to {@link
   * BrokerSettings#publishConfirmTimeout()}.
   *
   * @throws PublishException when the broker refused the message, the channel closed, or the
   *     confirm did not arrive in time; in the last case the message may still have been routed
   */
  public void publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    await(publishAsync(exchange, routingKey, properties, body), routingKey);
  }

  /** Waits for a future from {@link #publishAsync}, translating its failure. */
  public void await(CompletableFuture<Void> confirmed, String routingKey) {
    long timeout = connection.settings().publishConfirmTimeout().toMillis();
    try {
      confirmed.get(timeout, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String blocked = connection.blockedReason();
      throw new PublishException(
          "The broker did not confirm a message to '"
              + routingKey
              + "' within "
              + connection.settings().publishConfirmTimeout()
              + (blocked != null
                  ? " because it blocks publishers ("
                      + blocked
                      + "): free memory or disk on the broker"
                  : "; it may or may not have been routed. Check the broker's health (memory or disk alarm?)"),
          e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PublishException pe) {
        throw pe;
      }
      throw new PublishException(
          "Publishing to '" + routingKey + "' failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("Interrupted while waiting for the broker's confirm", e);
    }
  }

  private Channel channel() throws PublishException {
    awaitConnection();
    if (channel == null || !channel.isOpen()) {
      Channel ch = connection.createChannel();
      try {
        ch.confirmSelect();
      } catch (IOException e) {
        throw new PublishException("The broker refused publisher confirms: " + e.getMessage(), e);
      }
      ch.addConfirmListener(
          (seq, multiple) -> settle(seq, multiple, null),
          (seq, multiple) ->
              settle(
                  seq,
                  multiple,
                  new PublishException(
                      "The broker refused the message (basic.nack); it was not enqueued. Check the broker log.")));
      ch.addShutdownListener(this::failAll);
      channel = ch;
    }
    return channel;
  }

  /**
   * While the connection is down, waits for amqp-client's automatic recovery, up to the confirm
   * timeout: a publish during a broker restart goes out once the broker is back, or fails in
   * bounded time. A channel the recovery is still restoring gets a moment too.
   */
  private void awaitConnection() {
    long deadline = System.nanoTime() + connection.settings().publishConfirmTimeout().toNanos();
    while (!connection.isOpen()
        || (channel != null && !channel.isOpen() && !channelGaveUp(deadline))) {
      if (System.nanoTime() > deadline) {
        throw new PublishException(
            "The connection to "
                + connection.settings().addresses().masked()
                + " is down and did not recover within "
                + connection.settings().publishConfirmTimeout()
                + "; the message was not published");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishException(
            "Interrupted while waiting for the broker connection to recover", e);
      }
    }
  }

  /** After the connection is back, give a recovering channel one second before replacing it. */
  private boolean channelGaveUp(long deadline) {
    if (channelDownSince == 0) {
      channelDownSince = System.nanoTime();
    }
    boolean gaveUp =
        System.nanoTime() - channelDownSince > 1_000_000_000L || System.nanoTime() > deadline;
    if (gaveUp) {
      channelDownSince = 0;
    }
    return gaveUp;
  }

  private void settle(long seq, boolean multiple, PublishException failure) {
    Map<Long, CompletableFuture<Void>> settled =
        multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
    settled.forEach(
        (s, future) -> {
          if (failure == null) {
            future.complete(null);
          } else {
            future.completeExceptionally(failure);
          }
        });
    settled.clear();
  }

  private void failAll(ShutdownSignalException cause) {
    // A closed channel will never confirm what is outstanding; recovery starts a fresh sequence.
    PublishException failure =
        new PublishException(
            "The channel closed before the broker confirmed the message ("
                + cause.getMessage()
                + "); it may or may not have been enqueued",
            cause);
    pending.forEach((s, future) -> future.completeExceptionally(failure));
    pending.clear();
  }

  /** Messages published and not yet confirmed. */
  public int outstanding() {
    return pending.size();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (channel != null && channel.isOpen()) {
        try {
          channel.close();
        } catch (IOException | TimeoutException | com.rabbitmq.client.AlreadyClosedException e) {
          // Closing anyway; outstanding futures are failed by the shutdown listener.
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
