package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import dev.celeriac.broker.BrokerUnavailableException;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.CeleryJson;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire, read back raw from a real RabbitMQ queue. */
class TaskPublishingIT {

  private final String queue = "it-publish-" + UUID.randomUUID();
  private Celeriac app;
  private Channel channel;

  @BeforeEach
  void connect() {
    app = Celeriac.builder().url(TestBroker.amqpUrl()).defaultQueue(queue).build();
    channel = WorkerClient.of(app).connection().createChannel();
  }

  @AfterEach
  void close() throws Exception {
    channel.queueDelete(queue);
    channel.exchangeDelete(queue);
    app.close();
  }

  private GetResponse take() throws Exception {
    GetResponse response = channel.basicGet(queue, true);
    assertThat(response).as("a message on " + queue).isNotNull();
    return response;
  }

  private static String text(Object headerValue) {
    assertThat(headerValue).isInstanceOf(LongString.class);
    return headerValue.toString();
  }

  @Test
  void delayPublishesACeleryProtocolV2MessageToTheDefaultExchange() throws Exception {
    AsyncResult<Integer> result = app.task("tasks.add", Integer.class).delay(2, 3);

    GetResponse message = take();
    assertThat(message.getEnvelope().getExchange()).isEmpty();
    assertThat(message.getEnvelope().getRoutingKey()).isEqualTo(queue);
    var props = message.getProps();
    assertThat(props.getContentType()).isEqualTo("application/json");
    assertThat(props.getContentEncoding()).isEqualTo("utf-8");
    assertThat(props.getDeliveryMode()).isEqualTo(2);
    assertThat(props.getPriority()).isZero();
    assertThat(props.getCorrelationId()).isEqualTo(result.id());
    assertThat(props.getReplyTo()).isNotBlank();
    assertThat(props.getExpiration()).isNull();
    Map<String, Object> h = props.getHeaders();
    // amqp-client reads tables into a HashMap, so only the set is checked here; the codec's golden
    // tests check the order on the wire.
    assertThat(h.keySet())
        .containsExactlyInAnyOrder(
            "lang",
            "task",
            "id",
            "shadow",
            "eta",
            "expires",
            "group",
            "group_index",
            "retries",
            "timelimit",
            "root_id",
            "parent_id",
            "argsrepr",
            "kwargsrepr",
            "origin",
            "ignore_result");
    assertThat(text(h.get("task"))).isEqualTo("tasks.add");
    assertThat(text(h.get("id"))).isEqualTo(result.id());
    assertThat(text(h.get("root_id"))).isEqualTo(result.id());
    assertThat(h.get("parent_id")).isNull();
    assertThat(h.get("retries")).isEqualTo(0);
    assertThat(h.get("timelimit")).isEqualTo(java.util.Arrays.asList(null, null));
    assertThat(text(h.get("argsrepr"))).isEqualTo("(2, 3)");
    assertThat(text(h.get("kwargsrepr"))).isEqualTo("{}");
    assertThat(text(h.get("origin"))).startsWith("gen" + ProcessHandle.current().pid() + "@");
    assertThat(h.get("ignore_result")).isEqualTo(false);
    assertThat(new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]");
  }

  @Test
  void countdownMessageWaitsInTheBrokersDelayLevels() throws Exception {
    app.task("tasks.add", Integer.class)
        .applyAsync(List.of(1, 1), TaskOptions.builder().countdown(Duration.ofSeconds(10)).build());
    // 9.99 s left when routed: binary 1001, so it waits first in level 3 (8 s)
    GetResponse delayed = channel.basicGet("celery_delayed_3", true);
    assertThat(delayed).isNotNull();
    assertThat(delayed.getEnvelope().getRoutingKey())
        .isEqualTo("0.".repeat(24) + "1.0.0.1." + queue);
    assertThat(channel.basicGet(queue, true)).isNull();
  }

  @Test
  void applyAsyncCarriesEveryOption() throws Exception {
    Instant before = Instant.now();
    // Without broker delays the eta message goes straight to the queue, as Celery 5.2 sends it.
    app.close();
    app =
        Celeriac.builder()
            .broker(
                dev.celeriac.broker.BrokerSettings.builder()
                    .url(TestBroker.amqpUrl())
                    .brokerDelays(false)
                    .build())
            .defaultQueue(queue)
            .build();
    channel = WorkerClient.of(app).connection().createChannel();
    app.task("tasks.add", Integer.class)
        .applyAsync(
            List.of(1),
            Map.of("y", 2),
            TaskOptions.builder()
                .countdown(Duration.ofSeconds(10))
                .expiresIn(Duration.ofMinutes(2))
                .priority(7)
                .taskId("my-own-task-id-0001")
                .header("x-custom", "abc")
                .ignoreResult(true)
                .build());

    GetResponse message = take();
    var props = message.getProps();
    Map<String, Object> h = props.getHeaders();
    assertThat(text(h.get("id"))).isEqualTo("my-own-task-id-0001");
    assertThat(props.getCorrelationId()).isEqualTo("my-own-task-id-0001");
    assertThat(props.getPriority()).isEqualTo(7);
    assertThat(Long.parseLong(props.getExpiration())).isBetween(110_000L, 120_000L);
    assertThat(text(h.get("x-custom"))).isEqualTo("abc");
    assertThat(h.get("ignore_result")).isEqualTo(true);
    assertThat(text(h.get("kwargsrepr"))).isEqualTo("{'y': 2}");
    OffsetDateTime eta = OffsetDateTime.parse(text(h.get("eta")));
    assertThat(eta.getOffset().getTotalSeconds()).isZero();
    assertThat(eta.toInstant()).isBetween(before.plusSeconds(9), Instant.now().plusSeconds(11));
    OffsetDateTime expires = OffsetDateTime.parse(text(h.get("expires")));
    assertThat(expires.toInstant()).isAfter(eta.toInstant());
    JsonNode body = CeleryJson.mapper().readTree(message.getBody());
    assertThat(body.get(0).toString()).isEqualTo("[1]");
    assertThat(body.get(1).toString()).isEqualTo("{\"y\":2}");
  }

  @Test
  void declaresTheTaskQueueAsCeleryDoes() throws Exception {
    app.task("tasks.add", Integer.class).delay(1, 1);
    // A passive declare with Celery's flags succeeds; the queue is durable and shared.
    assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    Channel probe = WorkerClient.of(app).connection().createChannel();
    probe.queueDeclare(queue, true, false, false, null); // same arguments as Celery: accepted
    probe.close();
  }

  @Test
  void typedReferenceTakesNameAndResultTypeFromTheAnnotation() throws Exception {
    app.task(Fixtures::add).delay(5, 5);
    assertThat(text(take().getProps().getHeaders().get("task"))).isEqualTo("tasks.add");
  }

  @Test
  void unreachableBrokerFailsFastWithTheMaskedUrl() {
    assertThatThrownBy(
            () ->
                Celeriac.builder()
                    .broker(
                        dev.celeriac.broker.BrokerSettings.builder()
                            .url("amqp://guest:hunter2@127.0.0.1:1//")
                            .connectAttempts(2)
                            .connectRetryDelay(Duration.ofMillis(10))
                            .build())
                    .build())
        .isInstanceOf(BrokerUnavailableException.class)
        .hasMessageContaining("amqp://guest:**@127.0.0.1:1/")
        .hasMessageNotContaining("hunter2");
  }

  static final class Fixtures {
    @dev.celeriac.Task(name = "tasks.add")
    static int add(int x, int y) {
      return x + y;
    }
  }
}
