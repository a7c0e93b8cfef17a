package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.TestTasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 1,000 bad messages of every kind among 1,000 good ones: good ones run, bad ones are kept. */
class BadMessagesChaosIT {

  private static final int EACH = 1000;
  private static final int MAX_MESSAGE_SIZE = 64 * 1024;

  /** The kinds of bad message, sent in turn, and what the dead-letter reason must say of each. */
  private enum Kind {
    INVALID_JSON("it.add", "{not json", "undecodable message: it.add[", "not valid JSON"),
    WRONG_BODY_SHAPE("it.add", "[1, 2]", "undecodable message: it.add[", "array of 3 items"),
    NO_TASK_HEADER(null, "[[1, 2], {}, {}]", "undecodable message: ", "no 'task' header"),
    UNKNOWN_TASK("it.unknown", "[[1, 2], {}, {}]", "task 'it.unknown' ", "is not registered"),
    WRONG_ARGUMENT_TYPES(
        "it.add",
        "[[\"one\", \"two\"], {}, {}]",
        "arguments do not fit the task: ",
        "argument 'x' cannot be read as int"),
    OVERSIZED(
        "it.add",
        "[[\"" + "x".repeat(100 * 1024) + "\"], {}, {}]",
        "undecodable message: message body of ",
        "exceeds the limit of " + MAX_MESSAGE_SIZE + " bytes");

    final String task;
    final byte[] body;
    final String reasonStart;
    final String reasonContains;

    Kind(String task, String body, String reasonStart, String reasonContains) {
      this.task = task;
      this.body = body.getBytes(StandardCharsets.UTF_8);
      this.reasonStart = reasonStart;
      this.reasonContains = reasonContains;
    }

    /** How many of the EACH bad messages are of this kind, sent in turn. */
    int count() {
      int kinds = values().length;
      return EACH / kinds + (ordinal() < EACH % kinds ? 1 : 0);
    }
  }

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-bad");

  /** Publishes a bad message of this kind; returns the id in its headers. */
  private static String publish(Channel channel, String queue, Kind kind) throws IOException {
    String id = UUID.randomUUID().toString();
    Map<String, Object> headers = new LinkedHashMap<>();
    if (kind.task != null) {
      headers.put("task", kind.task);
    }
    headers.put("id", id);
    channel.basicPublish(
        "",
        queue,
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .headers(headers)
            .deliveryMode(2)
            .build(),
        kind.body);
    return id;
  }

  @Test
  void goodMessagesRunAndEveryBadOneIsDeadLetteredWithoutAWorkerRestart() throws Exception {
    Celeriac app = drill.app();
    try (LaunchedWorker worker =
        drill.startWorker(
            "bad@chaos", "-c", "8", "--max-message-size", MAX_MESSAGE_SIZE / 1024 + "KiB")) {
      worker.awaitReady();
      Channel channel = WorkerClient.of(app).connection().createChannel();
      channel.confirmSelect();
      Map<String, Kind> sent = new HashMap<>();
      List<List<?>> good = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        good.add(List.of(i, i));
        Kind kind = Kind.values()[i % Kind.values().length];
        sent.put(publish(channel, drill.queue(), kind), kind);
      }
      channel.waitForConfirmsOrDie(30_000);
      List<AsyncResult<Integer>> results = app.task(TestTasks::add).untyped().delayAll(good);

      for (int i = 0; i < EACH; i++) {
        assertThat(results.get(i).get(Duration.ofMinutes(2))).isEqualTo(2 * i);
      }
      String dlq = Topology.deadLetterQueueName(drill.queue());
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> channel.queueDeclarePassive(dlq).getMessageCount() == EACH);

      Map<Kind, List<String>> reasons = new EnumMap<>(Kind.class);
      GetResponse dead;
      while ((dead = channel.basicGet(dlq, true)) != null) {
        Map<String, Object> headers = dead.getProps().getHeaders();
        Kind kind = sent.get(String.valueOf(headers.get("id")));
        assertThat(kind)
            .as("dead letter with id %s was sent as a bad message", headers.get("id"))
            .isNotNull();
        reasons
            .computeIfAbsent(kind, k -> new ArrayList<>())
            .add(String.valueOf(headers.get(DeadLetterHeaders.REASON)));
      }
      System.out.printf(
          "bad-message drill: %d good SUCCESS, %d dead-lettered, worker alive: %s; by kind:%n",
          EACH, EACH, worker.isAlive());
      reasons.forEach(
          (kind, list) ->
              System.out.printf("  %-20s %4d  e.g. %.160s%n", kind, list.size(), list.getFirst()));

      for (Kind kind : Kind.values()) {
        assertThat(reasons.getOrDefault(kind, List.of()))
            .as("dead-letter reasons of %s messages", kind)
            .hasSize(kind.count())
            .allSatisfy(
                reason ->
                    assertThat(reason).startsWith(kind.reasonStart).contains(kind.reasonContains));
      }
      assertThat(worker.isAlive()).isTrue();
      assertThat(worker.output()).doesNotContain("Exception in thread");
    }
  }
}
