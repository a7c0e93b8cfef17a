package dev.celeriac.client.results;

import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.client.internal.ReplyConsumer;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Celery's {@code rpc://} backend: a worker publishes each state change to the caller's reply queue
 * (default exchange, routing key = {@code reply_to}, correlation id = the task's), and the caller's
 * one reply queue dispatches them by correlation id. Nothing is kept anywhere else, so a result
 * reaches only the client that sent the task, and cannot be {@linkplain #fetch fetched} by id.
 *
 * <pre>{@code
 * ResultBackend results = RpcResultBackend.on(connection, false);
 * }</pre>
 *
 * <p>Results are transient and read without acknowledgements unless {@code persistent} (Celery's
 * {@code result_persistent}): then they are persistent, survive a broker restart in the durable
 * reply queue, and are acknowledged one by one once dispatched.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. Results are dispatched on amqp-client's consumer thread of the reply channel; {@link
 * #store} publishes on the connection's confirming publisher from any thread.
 */
public final class RpcResultBackend implements ResultBackend {

  private final ConfirmingPublisher publisher;
  private final ReplyConsumer replies;
  private final ResultCodec codec = new ResultCodec();
  private final boolean persistent;

  private RpcResultBackend(BrokerConnection connection, boolean persistent) {
    this.publisher = new ConfirmingPublisher(connection);
    this.replies = new ReplyConsumer(connection, persistent);
    this.persistent = persistent;
  }

  /**
   * An {@code rpc://} backend on an open connection, which it uses but does not close.
   *
   * @param persistent Celery's {@code result_persistent}: results sent persistent and read with
   *     acknowledgements
   */
  public static RpcResultBackend on(BrokerConnection connection, boolean persistent) {
    return new RpcResultBackend(connection, persistent);
  }

  @Override
  public String url() {
    return "rpc://";
  }

  @Override
  public boolean persistent() {
    return false;
  }

  /**
   * Publishes to the target's reply queue; a target without one gets nothing (Celery's rule). A
   * persistent result is stored once the broker confirms it; a transient one once it is written to
   * the connection, as Celery's worker sends it: the broker would lose it on a restart even after
   * confirming it, and the task's acknowledgement, sent on the same connection afterwards, reaches
   * the broker after it. The confirm's round trip would otherwise sit between every task and its
   * acknowledgement.
   */
  @Override
  public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
    if (target.replyTo() == null) {
      return CompletableFuture.completedFuture(null);
    }
    var properties = AmqpProperties.forResult(target.correlationId(), persistent);
    byte[] body = codec.encode(result);
    return persistent
        ? publisher.publishAsync("", target.replyTo(), properties, body)
        : publisher.publishWritten("", target.replyTo(), properties, body);
  }

  @Override
  public ResultWatch watch(String taskId) {
    replies.start();
    return replies.register(taskId);
  }

  @Override
  public Optional<ResultMessage> fetch(String taskId) {
    throw new ConfigurationException(
        "Cannot read the result of task "
            + taskId
            + " by id: rpc:// sends each result only to the client that sent the task and keeps"
            + " it nowhere else. Configure a durable result backend to read results from any"
            + " process.");
  }

  /** Nothing is stored, so nothing is deleted; a watch on the task stops. */
  @Override
  public void forget(String taskId) {
    replies.unregister(taskId);
  }

  @Override
  public String replyTo() {
    return replies.queue();
  }

  /** Results still awaited fail; the reply queue is deleted. */
  @Override
  public void close() {
    replies.close();
    publisher.close();
  }
}
