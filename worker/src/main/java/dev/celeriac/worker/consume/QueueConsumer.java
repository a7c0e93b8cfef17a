package dev.celeriac.worker.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.worker.pipeline.InboundMessage;
import dev.celeriac.worker.pipeline.Settler;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one task queue with manual acknowledgements and a prefetch limit, and settles its
 * deliveries: the {@link Settler} of every {@link InboundMessage} it hands over.
 *
 * <h2>Concurrency</h2>
 *
 * The channel is owned by one platform thread, {@code celeriac-worker-<queue>-channel}: every
 * channel operation (qos, consume, ack, nack, cancel, close) runs there, so acks from any number of
 * task threads never interleave on the wire. Deliveries arrive on amqp-client's dispatch thread and
 * are handed straight to the handler, which must not block.
 *
 * <h2>Acknowledgements</h2>
 *
 * Acks queue up while the channel's thread is busy and go out together: the run of tags below every
 * delivery still running here as one {@code multiple} ack, the rest one by one ({@link
 * AckCoalescer}). Under load that is one frame for many tasks, for the broker to parse and its
 * channel process to handle; when idle, one ack goes out at once as before.
 */
public final class QueueConsumer implements Settler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

  private final BrokerConnection connection;
  private final String queue;
  private final int prefetch;
  private final Consumer<InboundMessage> handler;
  private final ExecutorService owner;
  private final ConcurrentLinkedQueue<Long> pendingAcks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AckCoalescer coalescer = new AckCoalescer(); // the channel's thread only
  private long[] drained = new long[64]; // the channel's thread only
  private Channel channel;
  private volatile String consumerTag;
  private volatile long lastDelivered;

  public QueueConsumer(
      BrokerConnection connection, String queue, int prefetch, Consumer<InboundMessage> handler) {
    this.connection = connection;
    this.queue = queue;
    this.prefetch = prefetch;
    this.handler = handler;
    this.owner =
        Executors.newSingleThreadExecutor(
            new NamedThreadFactory("celeriac-worker-" + queue + "-channel", true));
  }

  public String queue() {
    return queue;
  }

  /** Declares the queue and its dead-letter queue as Celery would, sets the prefetch, consumes. */
  public void start(String consumerTagPrefix) {
    call(
        () -> {
          var type = connection.settings().queueType();
          // As Celery declares it; if a Python app declared it with other arguments
          // (x-max-priority,
          // say), it is used as it is.
          Topology.ensureTaskQueue(connection, queue, null, type);
          channel = connection.createChannel();
          Topology.declareDeadLetterQueue(channel, queue, type);
          if (connection.brokerDelays()) {
            DelayedDelivery.declare(channel, type);
            DelayedDelivery.bindQueue(channel, queue);
          }
          // Per-consumer prefetch (global=false): quorum queues refuse global QoS.
          channel.basicQos(prefetch, false);
          consumerTag =
              channel.basicConsume(
                  queue, false, consumerTagPrefix + "-" + queue, new Deliveries(channel));
          return null;
        });
  }

  /** Stops new deliveries; those already delivered stay to be settled. */
  public void cancel() {
    String tag = consumerTag;
    if (tag == null) {
      return;
    }
    consumerTag = null;
    run(() -> channel.basicCancel(tag));
  }

  @Override
  public void ack(InboundMessage message) {
    pendingAcks.add(message.envelope().getDeliveryTag());
    if (drainScheduled.compareAndSet(false, true)) {
      onChannelThread(this::drainAcks);
    }
  }

  @Override
  public void requeue(InboundMessage message) {
    long tag = message.envelope().getDeliveryTag();
    onChannelThread(
        () -> {
          coalescer.settledElsewhere(tag, lastDelivered);
          ifOpen(() -> channel.basicNack(tag, false, true));
        });
  }

  /**
   * On the channel's thread: sends every ack queued so far, coalesced. The queue is emptied and the
   * acks recorded as settled even when the channel is closed (the broker requeues what it held), so
   * that once it recovers, coalescing is not held up by tags of the channel before; a requeue
   * likewise.
   */
  private void drainAcks() {
    // Cleared before taking: an ack queued after this point schedules the next drain.
    drainScheduled.set(false);
    int count = 0;
    for (Long tag; (tag = pendingAcks.poll()) != null; ) {
      if (count == drained.length) {
        drained = Arrays.copyOf(drained, count * 2);
      }
      drained[count++] = tag;
    }
    if (count == 0) {
      return;
    }
    AckCoalescer.Plan plan = coalescer.acknowledge(drained, count, lastDelivered);
    ifOpen(
        () -> {
          if (plan.multipleUpTo() != AckCoalescer.Plan.NONE) {
            channel.basicAck(plan.multipleUpTo(), true);
          }
          for (long tag : plan.single()) {
            channel.basicAck(tag, false);
          }
        });
  }

  private interface ChannelAction {
    void run() throws IOException;
  }

  private interface ChannelCall<T> {
    T call() throws IOException;
  }

  private void run(ChannelAction action) {
    onChannelThread(() -> ifOpen(action));
  }

  private void onChannelThread(Runnable work) {
    try {
      owner.execute(work);
    } catch (RejectedExecutionException e) {
      // Closed or aborted: the channel is gone and the broker requeues what it held unacked.
      log.debug("Channel of queue {} is closed; operation dropped", queue);
    }
  }

  /** On the channel's thread: runs {@code action} unless the channel is closed or recovering. */
  private void ifOpen(ChannelAction action) {
    try {
      if (channel != null && channel.isOpen()) {
        action.run();
      }
    } catch (IOException | RuntimeException e) {
      // The channel is gone: the broker requeues everything this channel held unacked.
      log.warn("Channel operation on queue {} failed: {}", queue, e.toString());
    }
  }

  private <T> T call(ChannelCall<T> call) {
    Future<T> future =
        owner.submit(
            () -> {
              try {
                return call.call();
              } catch (IOException e) {
                throw new BrokerException(
                    "Cannot consume queue '" + queue + "': " + e.getMessage(), e);
              }
            });
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new BrokerException("Cannot consume queue '" + queue + "'", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("Interrupted while starting to consume '" + queue + "'", e);
    }
  }

  /**
   * Closes the channel after pending settlements; unacknowledged deliveries return to the queue.
   */
  @Override
  public void close() {
    run(
        () -> {
          try {
            channel.close();
          } catch (java.util.concurrent.TimeoutException e) {
            log.debug("Timed out closing channel of {}", queue);
          }
        });
    owner.shutdown();
    try {
      if (!owner.awaitTermination(10, TimeUnit.SECONDS)) {
        owner.shutdownNow();
      }
    } catch (InterruptedException e) {
      owner.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Cold shutdown: stops the channel's thread now; the channel goes with the connection. */
  public void abort() {
    owner.shutdownNow();
  }

  private final class Deliveries extends DefaultConsumer {
    Deliveries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      lastDelivered = envelope.getDeliveryTag(); // before any settlement of it can be queued
      handler.accept(new InboundMessage(queue, envelope, properties, body, QueueConsumer.this));
    }

    @Override
    public void handleCancel(String tag) {
      log.warn("The broker cancelled consumer {} of queue {} (queue deleted?)", tag, queue);
    }
  }
}
