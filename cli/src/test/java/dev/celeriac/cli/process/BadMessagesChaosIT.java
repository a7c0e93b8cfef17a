package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.TestTasks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 1,000 bad messages of every kind among 1,000 good ones: good ones run, bad ones are kept. */
class BadMessagesChaosIT {

  private static final int EACH = 1000;

  private QueueFixture fixture;
  private String queue;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("chaos-bad");
    queue = fixture.queue;
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static Map<String, Object> headers(String task) {
    Map<String, Object> h = new LinkedHashMap<>();
    if (task != null) {
      h.put("task", task);
    }
    h.put("id", UUID.randomUUID().toString());
    return h;
  }

  private static void publish(
      Channel channel, String queue, Map<String, Object> headers, String contentType, byte[] body)
      throws Exception {
    channel.basicPublish(
        "",
        queue,
        new AMQP.BasicProperties.Builder()
            .contentType(contentType)
            .contentEncoding("utf-8")
            .headers(headers)
            .deliveryMode(2)
            .build(),
        body);
  }

  @Test
  void goodMessagesRunAndEveryBadOneIsDeadLetteredWithoutAWorkerRestart() throws Exception {
    try (WorkerProcess worker =
        WorkerProcess.start(
            TestBroker.amqpUrl(), queue, "bad@chaos", "-c", "8", "--max-message-size", "64KiB")) {
      worker.awaitReady();
      Channel channel = app.connection().createChannel();
      channel.confirmSelect();
      byte[] oversized =
          ("[[\"" + "x".repeat(100 * 1024) + "\"], {}, {}]").getBytes(StandardCharsets.UTF_8);
      List<List<?>> good = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        good.add(List.of(i, i));
        switch (i % 6) {
          case 0 ->
              publish(
                  channel,
                  queue,
                  headers("it.add"),
                  "application/json",
                  "{not json".getBytes(StandardCharsets.UTF_8));
          case 1 ->
              publish(
                  channel,
                  queue,
                  headers("it.add"),
                  "application/json",
                  "[1, 2]".getBytes(StandardCharsets.UTF_8));
          case 2 ->
              publish(
                  channel,
                  queue,
                  headers(null),
                  "application/json",
                  "[[1, 2], {}, {}]".getBytes(StandardCharsets.UTF_8));
          case 3 ->
              publish(
                  channel,
                  queue,
                  headers("it.unknown"),
                  "application/json",
                  "[[1, 2], {}, {}]".getBytes(StandardCharsets.UTF_8));
          case 4 ->
              publish(
                  channel,
                  queue,
                  headers("it.add"),
                  "application/json",
                  "[[\"one\", \"two\"], {}, {}]".getBytes(StandardCharsets.UTF_8));
          default -> publish(channel, queue, headers("it.add"), "application/json", oversized);
        }
      }
      channel.waitForConfirmsOrDie(30_000);
      List<AsyncResult<Integer>> results = app.task(TestTasks::add).untyped().delayAll(good);

      for (int i = 0; i < EACH; i++) {
        assertThat(results.get(i).get(Duration.ofMinutes(2))).isEqualTo(2 * i);
      }
      String dlq = Topology.deadLetterQueueName(queue);
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> channel.queueDeclarePassive(dlq).getMessageCount() == EACH);

      Map<String, Integer> reasons = new TreeMap<>();
      GetResponse dead;
      while ((dead = channel.basicGet(dlq, true)) != null) {
        String reason = dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString();
        assertThat(reason).isNotBlank();
        reasons.merge(
            reason
                .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>")
                .replaceAll("\\d+ bytes", "N bytes")
                .replaceAll("column \\d+", "column N"),
            1,
            Integer::sum);
      }
      System.out.printf(
          "bad-message drill: %d good SUCCESS, %d dead-lettered, worker alive: %s, reasons:%n",
          EACH, EACH, worker.isAlive());
      reasons.forEach((reason, n) -> System.out.printf("  %4d  %s%n", n, reason));

      assertThat(reasons.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(EACH);
      assertThat(worker.isAlive()).isTrue();
      assertThat(worker.output()).doesNotContain("Exception in thread");
    }
  }
}
