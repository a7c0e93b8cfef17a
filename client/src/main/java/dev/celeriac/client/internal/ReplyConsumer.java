package dev.celeriac.client.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.results.ResultSlot;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives {@code rpc://} results on the client's one reply queue and hands each to the {@link
 * ResultSlot} of its task, found by correlation id.
 *
 * <p>The queue is durable with an expiry ({@code Topology.replyQueue}), so results sent while the
 * connection restarts wait in it, and persistent ones while the broker restarts; amqp-client's
 * topology recovery resumes the consumer. The client deletes it on close.
 *
 * <p>With {@code acknowledged} (Celery's {@code result_persistent}) each result is acknowledged
 * once dispatched, so one on its way when the connection dies is delivered again (a second copy of
 * a result is ignored). Without, the broker forgets a result as it sends it, as with Celery's rpc
 * consumer: measured on RabbitMQ 3.10, acknowledged delivery cost the broker about 0.06 ms of CPU
 * per result, about a quarter of all its work for a task and its result, and acknowledging in
 * batches ({@code multiple}) saved none of it.
 *
 * <h2>Concurrency</h2>
 *
 * Its channel is owned by amqp-client's dispatch thread, which calls {@code handleDelivery} one
 * message at a time. {@link #register} and {@link #unregister} may be called from any thread.
 */
public final class ReplyConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReplyConsumer.class);

  private final String queue = UUID.randomUUID().toString();
  private final Map<String, ResultSlot> slots = new ConcurrentHashMap<>();
  private final ResultCodec codec = new ResultCodec();
  private final BrokerConnection connection;
  private final boolean acknowledged;
  private volatile Channel channel;

  /**
   * @param acknowledged whether each result is acknowledged after it is dispatched, rather than
   *     forgotten by the broker as it is sent
   */
  public ReplyConsumer(BrokerConnection connection, boolean acknowledged) {
    this.connection = connection;
    this.acknowledged = acknowledged;
  }

  /** The queue name to put in {@code reply_to}. */
  public String queue() {
    return queue;
  }

  /** Declares the queue and starts consuming, once. */
  public synchronized void start() {
    if (channel != null) {
      return;
    }
    Channel ch = connection.createChannel();
    Topology.replyQueue(queue, connection.settings().queueType()).declare(ch);
    try {
      ch.basicConsume(queue, !acknowledged, "celeriac-replies-" + queue, new Deliveries(ch));
    } catch (IOException e) {
      throw new BrokerException(
          "Cannot consume the reply queue '" + queue + "': " + e.getMessage(), e);
    }
    channel = ch;
  }

  /** Registers interest in a task's results; call before publishing the task. */
  public ResultSlot register(String taskId) {
    ResultSlot slot = new ResultSlot(self -> slots.remove(taskId, self));
    ResultSlot previous = slots.putIfAbsent(taskId, slot);
    if (previous != null) {
      throw new CeleriacException(
          "Task id '"
              + taskId
              + "' is already awaiting a result on this client; task ids must be unique");
    }
    return slot;
  }

  public void unregister(String taskId) {
    slots.remove(taskId);
  }

  /** Tasks whose final result has not arrived. */
  public int pending() {
    return slots.size();
  }

  private void dispatch(AMQP.BasicProperties properties, byte[] body) {
    ResultMessage result;
    try {
      Object compression =
          properties.getHeaders() == null ? null : properties.getHeaders().get("compression");
      result =
          codec.decode(
              properties.getContentType(),
              compression == null ? null : compression.toString(),
              body);
    } catch (ProtocolException e) {
      log.warn(
          "Dropping a message on reply queue {} that is not a result: {}", queue, e.getMessage());
      return;
    }
    String id =
        properties.getCorrelationId() != null ? properties.getCorrelationId() : result.taskId();
    ResultSlot slot = slots.get(id);
    if (slot == null) {
      log.debug("Result {} for task {} that this client does not await", result.status(), id);
      return;
    }
    slot.accept(result);
    if (slot.state().isReady()) {
      slots.remove(id, slot);
    }
  }

  @Override
  public void close() {
    CeleriacException closed =
        new CeleriacException("The client was closed before the task's result arrived");
    slots.values().forEach(slot -> slot.abandon(closed));
    slots.clear();
    Channel ch = channel;
    if (ch != null && ch.isOpen()) {
      try {
        ch.queueDelete(queue); // durable: not removed with the connection
        ch.close();
      } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
        log.debug("Reply channel already closed (the queue expires by itself): {}", e.getMessage());
      }
    }
  }

  private final class Deliveries extends DefaultConsumer {
    Deliveries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
        throws IOException {
      dispatch(properties, body);
      if (acknowledged) {
        getChannel().basicAck(envelope.getDeliveryTag(), false);
      }
    }
  }
}
