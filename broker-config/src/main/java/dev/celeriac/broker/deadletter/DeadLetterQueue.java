package dev.celeriac.broker.deadletter;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.broker.topology.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The dead letters of one task queue ({@code <queue>.dead-letter}): read them without taking them
 * away, put them back on their queue, or drop them.
 *
 * <pre>{@code
 * DeadLetterQueue dead = new DeadLetterQueue(connection, "celery");
 * dead.list(20).forEach(System.out::println);
 * dead.replay(letter -> letter.taskName().equals("tasks.add"), 100);
 * }</pre>
 */
public final class DeadLetterQueue {

  /** One dead letter as an operator sees it. */
  public record DeadLetter(
      String taskName,
      String taskId,
      String reason,
      String queue,
      String worker,
      String time,
      String body,
      boolean untrusted) {}

  /**
   * What a replay did.
   *
   * @param replayed put back on their queue
   * @param heldBack matched, but left in place: message signing had refused them ({@link
   *     DeadLetterHeaders#UNTRUSTED}) and their original signed body does not verify
   */
  public record Replayed(int replayed, int heldBack) {}

  private final BrokerConnection connection;
  private final String queue;

  public DeadLetterQueue(BrokerConnection connection, String queue) {
    this.connection = connection;
    this.queue = queue;
  }

  public String name() {
    return Topology.deadLetterQueueName(queue);
  }

  /**
   * Up to {@code max} dead letters, oldest first, left in the queue: they are fetched
   * unacknowledged and returned when the channel closes, which keeps their order.
   */
  public List<DeadLetter> list(int max) {
    Channel channel = connection.createChannel();
    try {
      List<DeadLetter> letters = new ArrayList<>();
      GetResponse response;
      while (letters.size() < max && (response = channel.basicGet(name(), false)) != null) {
        letters.add(describe(response));
      }
      return letters;
    } catch (IOException e) {
      throw new BrokerException("Cannot read " + name() + ": " + e.getMessage(), e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /**
   * Puts up to {@code max} dead letters that match back on their original queue, without the
   * dead-letter and delivery-count headers; each is removed only after the broker confirmed its
   * copy. Letters that do not match stay, and so do those message signing refused.
   *
   * @return how many were replayed
   */
  public int replay(Predicate<DeadLetter> filter, int max) {
    return replay(filter, (contentType, body) -> false, max).replayed();
  }

  /**
   * As {@link #replay(Predicate, int)}, replaying a letter that message signing refused only when
   * {@code verifies} accepts its original content type and body. The body and properties are always
   * republished byte for byte: a replay never signs, so it cannot make a tampered or unsigned
   * message look trusted with the replayer's key.
   *
   * @param verifies whether a refused letter's original signed body now verifies, e.g. against a
   *     cert store that has since been given its certificate
   */
  public Replayed replay(
      Predicate<DeadLetter> filter, BiPredicate<String, byte[]> verifies, int max) {
    Channel channel = connection.createChannel();
    try (ConfirmingPublisher publisher = new ConfirmingPublisher(connection)) {
      int replayed = 0;
      int heldBack = 0;
      int seen = 0;
      long total = channel.queueDeclarePassive(name()).getMessageCount();
      GetResponse response;
      while (replayed < max
          && seen < total
          && (response = channel.basicGet(name(), false)) != null) {
        seen++;
        DeadLetter letter = describe(response);
        if (!filter.test(letter)) {
          continue; // stays unacknowledged until the channel closes, then goes back in place
        }
        if (letter.untrusted()
            && !verifies.test(response.getProps().getContentType(), response.getBody())) {
          heldBack++; // stays, like a letter that does not match
          continue;
        }
        Map<String, Object> headers = new LinkedHashMap<>(response.getProps().getHeaders());
        headers
            .keySet()
            .removeIf(
                k ->
                    k.startsWith(DeadLetterHeaders.PREFIX)
                        || k.equals(DeadLetterHeaders.DELIVERY_COUNT));
        AMQP.BasicProperties props = response.getProps().builder().headers(headers).build();
        String target = letter.queue() != null ? letter.queue() : queue;
        publisher.publish("", target, props, response.getBody());
        channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
        replayed++;
      }
      return new Replayed(replayed, heldBack);
    } catch (IOException e) {
      throw new BrokerException("Cannot replay from " + name() + ": " + e.getMessage(), e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /** Drops every dead letter; returns how many there were. */
  public int purge() {
    Channel channel = connection.createChannel();
    try {
      return channel.queuePurge(name()).getMessageCount();
    } catch (IOException e) {
      throw new BrokerException("Cannot purge " + name() + ": " + e.getMessage(), e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  /** Dead letters waiting. */
  public long count() {
    Channel channel = connection.createChannel();
    try {
      return channel.queueDeclarePassive(name()).getMessageCount();
    } catch (IOException e) {
      throw new BrokerException(
          name() + " does not exist: no worker has consumed '" + queue + "' yet", e);
    } finally {
      Topology.closeQuietly(channel);
    }
  }

  private static DeadLetter describe(GetResponse response) {
    Map<String, Object> h =
        response.getProps().getHeaders() == null ? Map.of() : response.getProps().getHeaders();
    String body = new String(response.getBody(), StandardCharsets.UTF_8);
    return new DeadLetter(
        text(h.get("task")),
        text(h.get("id")),
        text(h.get(DeadLetterHeaders.REASON)),
        text(h.get(DeadLetterHeaders.QUEUE)),
        text(h.get(DeadLetterHeaders.WORKER)),
        text(h.get(DeadLetterHeaders.TIME)),
        body.length() > 200 ? body.substring(0, 197) + "..." : body,
        Boolean.parseBoolean(text(h.get(DeadLetterHeaders.UNTRUSTED))));
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
