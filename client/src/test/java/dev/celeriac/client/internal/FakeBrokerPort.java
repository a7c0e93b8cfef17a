package dev.celeriac.client.internal;

import com.rabbitmq.client.AMQP;
import dev.celeriac.broker.PublishException;
import dev.celeriac.client.spi.BrokerPort;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link BrokerPort}: records declarations and publishes; confirms at once unless told
 * to hold them ({@link #holdConfirms}) or to refuse them ({@link #refuseConfirms}).
 */
public final class FakeBrokerPort implements BrokerPort {

  /** One publish as the broker would receive it. */
  public record Published(
      String exchange,
      String routingKey,
      AMQP.BasicProperties properties,
      byte[] body,
      CompletableFuture<Void> confirm) {

    /** The task name header, for task messages. */
    public String task() {
      return String.valueOf(properties.getHeaders().get("task"));
    }
  }

  private final boolean brokerDelays;
  private final boolean streams;
  private final List<String> declarations = new CopyOnWriteArrayList<>();
  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final List<String> events;
  private volatile boolean hold;
  private volatile boolean refuse;
  private volatile boolean closed;

  /**
   * @param events a shared log of what happened, in order ("publish &lt;routing key&gt;")
   */
  public FakeBrokerPort(boolean brokerDelays, boolean streams, List<String> events) {
    this.brokerDelays = brokerDelays;
    this.streams = streams;
    this.events = events;
  }

  public FakeBrokerPort(boolean brokerDelays, boolean streams) {
    this(brokerDelays, streams, new CopyOnWriteArrayList<>());
  }

  /** Leaves confirms pending until the test completes them. */
  public FakeBrokerPort holdConfirms() {
    hold = true;
    return this;
  }

  /** Completes every confirm exceptionally, as a basic.nack does. */
  public FakeBrokerPort refuseConfirms() {
    refuse = true;
    return this;
  }

  /** Declarations in order: "queue &lt;name&gt;", "delayed", "bind &lt;name&gt;", "revocations". */
  public List<String> declarations() {
    return List.copyOf(declarations);
  }

  public List<Published> published() {
    return List.copyOf(published);
  }

  /** Completes every pending confirm. */
  public void confirmAll() {
    published.forEach(p -> p.confirm().complete(null));
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public boolean brokerDelays() {
    return brokerDelays;
  }

  @Override
  public boolean streams() {
    return streams;
  }

  @Override
  public void declareTaskQueue(String queue) {
    declarations.add("queue " + queue);
  }

  @Override
  public void declareDelayedDelivery() {
    declarations.add("delayed");
  }

  @Override
  public void bindDelayedDelivery(String queue) {
    declarations.add("bind " + queue);
  }

  @Override
  public void declareRevocations() {
    declarations.add("revocations");
  }

  @Override
  public CompletableFuture<Void> publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    CompletableFuture<Void> confirm = new CompletableFuture<>();
    events.add("publish " + routingKey);
    published.add(new Published(exchange, routingKey, properties, body, confirm));
    if (refuse) {
      confirm.completeExceptionally(new PublishException("refused by the fake broker"));
    } else if (!hold) {
      confirm.complete(null);
    }
    return confirm;
  }

  @Override
  public void await(CompletableFuture<Void> confirm, String target) {
    try {
      confirm.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Every publish's routing key, in order. */
  public List<String> routingKeys() {
    List<String> keys = new ArrayList<>();
    published.forEach(p -> keys.add(p.routingKey()));
    return keys;
  }
}
