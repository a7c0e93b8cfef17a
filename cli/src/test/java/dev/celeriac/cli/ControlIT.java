package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Pidbox;
import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRevokedException;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Revoke and ping over Celery's pidbox, from Celeriac, from the CLI and from Python Celery. */
class ControlIT {

  private final String node = "control-" + UUID.randomUUID() + "@it";

  private QueueFixture fixture;
  private String queue;
  private Worker worker;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-control");
    queue = fixture.queue;
    app = fixture.app;
    worker = startWorker(node);
  }

  private Worker startWorker(String name) {
    return fixture.startWorker(w -> w.concurrency(2).hostname(name));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private AsyncResult<Integer> dueInThreeSeconds() {
    return app.task("it.add", Integer.class)
        .applyAsync(List.of(1, 2), TaskOptions.builder().countdown(Duration.ofSeconds(3)).build());
  }

  @Test
  void aSecondWorkerWithTheSameNameRunsTasksToo() {
    Worker twin = startWorker(node); // must not fail on the first one's exclusive mailbox queue
    worker.shutdown();
    assertThat(app.task("it.add", Integer.class).delay(2, 2).get(Duration.ofSeconds(20)))
        .isEqualTo(4);
    twin.shutdown();
  }

  @Test
  void cliRevokeStopsAQueuedTask() {
    AsyncResult<Integer> result = dueInThreeSeconds();
    StringWriter out = new StringWriter();
    var cli = CeleriacCommand.commandLine(Map.of("CELERIAC_BROKER_URL", TestBroker.amqpUrl()));
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("control", "revoke", result.id())).isZero();
    assertThat(out.toString()).contains("revoked " + result.id());
    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOf(TaskRevokedException.class);
  }

  @Test
  void answersPidboxPingAsCeleryDoes() throws Exception {
    var channel = WorkerClient.of(app).connection().createChannel();
    channel.exchangeDeclare(Pidbox.REPLY_EXCHANGE, "direct", false);
    String replyQueue = channel.queueDeclare().getQueue();
    String key = UUID.randomUUID().toString();
    channel.queueBind(replyQueue, Pidbox.REPLY_EXCHANGE, key);
    String ticket = UUID.randomUUID().toString();
    String request =
        "{\"method\": \"ping\", \"arguments\": {}, \"destination\": [\""
            + node
            + "\"], \"pattern\": null, \"matcher\": null,"
            + " \"ticket\": \""
            + ticket
            + "\", \"reply_to\": {\"exchange\": \"reply.celery.pidbox\", \"routing_key\": \""
            + key
            + "\"}}";
    channel.basicPublish(
        Pidbox.EXCHANGE,
        "",
        new AMQP.BasicProperties.Builder().contentType("application/json").build(),
        request.getBytes(StandardCharsets.UTF_8));

    GetResponse reply =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> channel.basicGet(replyQueue, true), response -> response != null);
    JsonNode body = CeleryJson.read(reply.getBody());
    assertThat(body.path(node).path("ok").asText()).isEqualTo("pong");
    assertThat(reply.getProps().getHeaders().get("ticket").toString()).isEqualTo(ticket);
  }

  @Test
  void pythonCeleryRevokeIsHonouredAndRemembered() throws Exception {
    PythonCelery.require();
    AsyncResult<Integer> result = dueInThreeSeconds();
    Set<String> recorded = followRevocations();
    PythonCelery.run(
        "import sys\nfrom celery import Celery\nCelery(broker=sys.argv[1]).control.revoke(sys.argv[2])\n",
        TestBroker.amqpUrl(),
        result.id());
    // The worker records the broadcast in the broker: a worker started later knows it as well.
    await().atMost(Duration.ofSeconds(10)).until(() -> recorded.contains(result.id()));
    worker.shutdown();
    worker = startWorker("control-later-" + UUID.randomUUID() + "@it");
    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOf(TaskRevokedException.class);
  }

  /** The task ids appended to the revoke stream from now on, as workers read them. */
  private Set<String> followRevocations() throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    var channel = WorkerClient.of(app).connection().createChannel();
    Revocations.declare(channel);
    channel.basicQos(500, false); // a stream is consumed with a prefetch and acknowledgements
    channel.basicConsume(
        Revocations.STREAM,
        false,
        Map.of("x-stream-offset", "next"),
        (tag, delivery) -> {
          ids.add(CeleryJson.read(delivery.getBody()).path("task_id").asText());
          channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        },
        tag -> {});
    return ids;
  }
}
