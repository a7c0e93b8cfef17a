package dev.celeriac.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Baselines written directly on amqp-client, doing the least the same work needs: persistent
 * messages with publisher confirms, a consumer with manual acks and prefetch 64, replies to a reply
 * queue. No task protocol, no JSON.
 *
 * <h2>Concurrency</h2>
 *
 * Each run opens two connections (server side and client side) and closes them.
 */
final class RawAmqp {

  private static final byte[] BODY = "{\"args\": [1, 1]}".getBytes(StandardCharsets.US_ASCII);

  private final ConnectionFactory factory = new ConnectionFactory();

  RawAmqp(String url) throws Exception {
    factory.setUri(url.replaceAll("//$", "/%2F"));
  }

  private interface Body {
    void run(Channel client, String queue, String replies, BlockingQueue<Long> got)
        throws Exception;
  }

  /** A server that replies to every request (or only acks it when {@code reply} is false). */
  private void withServer(boolean reply, Body body) throws Exception {
    String queue = "raw-bench-" + UUID.randomUUID();
    try (Connection server = factory.newConnection("raw-bench-server");
        Connection client = factory.newConnection("raw-bench-client")) {
      Channel s = server.createChannel();
      s.queueDeclare(queue, true, false, false, null);
      s.basicQos(64);
      Channel c = client.createChannel();
      String replies = c.queueDeclare().getQueue();
      BlockingQueue<Long> got = new ArrayBlockingQueue<>(1_000_000);
      s.basicConsume(
          queue,
          false,
          (tag, d) -> {
            if (reply) {
              s.basicPublish(
                  "",
                  d.getProperties().getReplyTo(),
                  new AMQP.BasicProperties.Builder()
                      .correlationId(d.getProperties().getCorrelationId())
                      .build(),
                  BODY);
            } else {
              got.add(System.nanoTime());
            }
            s.basicAck(d.getEnvelope().getDeliveryTag(), false);
          },
          tag -> {});
      c.basicConsume(replies, true, (tag, d) -> got.add(System.nanoTime()), tag -> {});
      c.confirmSelect();
      body.run(c, queue, replies, got);
      s.queueDelete(queue);
    }
  }

  private static AMQP.BasicProperties request(String replies) {
    return MessageProperties.PERSISTENT_TEXT_PLAIN
        .builder()
        .replyTo(replies)
        .correlationId(UUID.randomUUID().toString())
        .build();
  }

  /** Seconds to send {@code n} requests (pipelined, confirmed) and receive all replies. */
  double requestReply(int n) throws Exception {
    double[] seconds = new double[1];
    withServer(
        true,
        (c, queue, replies, got) -> {
          long start = System.nanoTime();
          for (int i = 0; i < n; i++) {
            c.basicPublish("", queue, request(replies), BODY);
          }
          c.waitForConfirmsOrDie(60_000);
          for (int i = 0; i < n; i++) {
            if (got.poll(60, TimeUnit.SECONDS) == null) {
              throw new IllegalStateException("raw reply missing");
            }
          }
          seconds[0] = (System.nanoTime() - start) / 1e9;
        });
    return seconds[0];
  }

  /** Seconds to publish {@code n} persistent messages with confirms and have them consumed. */
  double publishConsume(int n) throws Exception {
    double[] seconds = new double[1];
    withServer(
        false,
        (c, queue, replies, got) -> {
          long start = System.nanoTime();
          for (int i = 0; i < n; i++) {
            c.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN, BODY);
          }
          c.waitForConfirmsOrDie(60_000);
          for (int i = 0; i < n; i++) {
            if (got.poll(60, TimeUnit.SECONDS) == null) {
              throw new IllegalStateException("raw delivery missing");
            }
          }
          seconds[0] = (System.nanoTime() - start) / 1e9;
        });
    return seconds[0];
  }

  /** Round trips in seconds: publish, wait for the confirm, wait for the reply; one at a time. */
  List<Double> roundTrips(int n) throws Exception {
    List<Double> times = new ArrayList<>();
    withServer(
        true,
        (c, queue, replies, got) -> {
          for (int i = 0; i < n + 10; i++) { // the first ten warm up
            long start = System.nanoTime();
            c.basicPublish("", queue, request(replies), BODY);
            c.waitForConfirmsOrDie(10_000);
            if (got.poll(10, TimeUnit.SECONDS) == null) {
              throw new IllegalStateException("raw reply missing");
            }
            if (i >= 10) {
              times.add((System.nanoTime() - start) / 1e9);
            }
          }
        });
    return times;
  }
}
