package dev.celeriac.worker.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.control.Control;
import dev.celeriac.client.events.Event;
import dev.celeriac.client.events.EventReceiver;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Celeriac's control API against a Celeriac worker: inspect, rate limits, consumers, shutdown. */
class RemoteControlIT {

  private QueueFixture fixture;
  private Worker worker;
  private String node;
  private Control control;

  @BeforeEach
  void start() {
    // ETAs held in the worker (not the broker), so that inspect scheduled has something to show.
    fixture =
        QueueFixture.create(
            "it-remote",
            BrokerSettings.of(TestBroker.amqpUrl()).toBuilder().brokerDelays(false).build());
    node = "remote-" + UUID.randomUUID() + "@it";
    worker = fixture.startWorker(w -> w.concurrency(1).hostname(node).taskEvents(true));
    control = fixture.app.control().to(node).timeout(Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void inspectAnswersWithCeleryShapes() {
    assertThat(control.inspect().ping().get(node).path("ok").asText()).isEqualTo("pong");
    assertThat(control.inspect().registered().get(node).toString()).contains("\"it.add\"");
    JsonNode queues = control.inspect().activeQueues().get(node);
    assertThat(queues.get(0).path("name").asText()).isEqualTo(fixture.queue);

    var running = fixture.app.task("it.slow", String.class).delay(3000L);
    var waiting = fixture.app.task("it.add", Integer.class).delay(1, 1); // concurrency 1: reserved
    var later =
        fixture
            .app
            .task("it.add", Integer.class)
            .applyAsync(
                List.of(2, 2), TaskOptions.builder().countdown(Duration.ofSeconds(30)).build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> control.inspect().active().get(node).size() == 1);
    JsonNode active = control.inspect().active().get(node).get(0);
    assertThat(active.path("id").asText()).isEqualTo(running.id());
    assertThat(active.path("name").asText()).isEqualTo("it.slow");
    assertThat(active.path("hostname").asText()).isEqualTo(node);
    assertThat(active.path("time_start").isNumber()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> control.inspect().reserved().get(node).toString().contains(waiting.id()));
    JsonNode scheduled = control.inspect().scheduled().get(node);
    assertThat(scheduled.get(0).path("request").path("id").asText()).isEqualTo(later.id());
    assertThat(scheduled.get(0).path("eta").asText()).isNotBlank();

    assertThat(running.get(Duration.ofSeconds(20))).isNotNull();
    JsonNode stats = control.inspect().stats().get(node);
    assertThat(stats.path("total").path("it.slow").asLong()).isEqualTo(1);
    assertThat(stats.path("pool").path("max-concurrency").asInt()).isEqualTo(1);
    assertThat(stats.path("broker").path("transport").asText()).isEqualTo("amqp");
    assertThat(stats.path("broker").path("hostname").asText()).isEqualTo(TestBroker.host());
    assertThat(stats.path("broker").path("port").asInt()).isEqualTo(TestBroker.amqpPort());
    assertThat(stats.path("broker").path("alternates").isArray()).isTrue();
    assertThat(stats.path("broker").path("alternates")).isEmpty(); // one URL: no failover list
    assertThat(stats.has("uptime")).isTrue();
    // The worker runs in this JVM: its peak RSS, in KiB, is that of a JVM, well over 10 MB.
    assertThat(stats.path("rusage").path("maxrss").asLong()).isGreaterThan(10_000);
  }

  @Test
  void minglesRevokesWithAStartingWorkerAsCeleryDoes() {
    var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    var hello = json.objectNode().put("from_node", "python-starting@it");
    hello.putObject("revoked").put("revoked-by-python", 1.7e9);
    JsonNode reply = control.call("hello", hello).get(node);
    assertThat(reply.path("clock").isNumber()).isTrue();
    assertThat(reply.path("revoked").isObject()).isTrue();
    assertThat(control.inspect().revoked().get(node).toString()).contains("revoked-by-python");
  }

  @Test
  void rateLimitSpacesTaskStarts() {
    List<Event> events = new CopyOnWriteArrayList<>();
    try (EventReceiver receiver = EventReceiver.start(fixture.app, events::add)) {
      Map<String, JsonNode> reply = control.rateLimit("it.add", "2/s");
      assertThat(reply.get(node).path("ok").asText()).isEqualTo("new rate limit set successfully");
      assertThat(control.rateLimit("no.such.task", "1/s").get(node).path("error").asText())
          .isEqualTo("unknown task");

      var results =
          List.of(
              fixture.app.task("it.add", Integer.class).delay(1, 1),
              fixture.app.task("it.add", Integer.class).delay(2, 2),
              fixture.app.task("it.add", Integer.class).delay(3, 3));
      results.forEach(r -> r.get(Duration.ofSeconds(20)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> events.stream().filter(e -> e.type().equals("task-started")).count() >= 3);
      List<Double> starts =
          events.stream()
              .filter(e -> e.type().equals("task-started"))
              .map(Event::timestamp)
              .sorted()
              .toList();
      // 2 per second: starts at least (nearly) half a second apart; the limit, not a speed.
      assertThat(starts.get(1) - starts.get(0)).isGreaterThan(0.45);
      assertThat(starts.get(2) - starts.get(1)).isGreaterThan(0.45);

      assertThat(control.rateLimit("it.add", "0").get(node).path("ok").asText())
          .isEqualTo("rate limits disabled successfully");
    }
  }

  @Test
  void addAndCancelConsumerStartAndStopConsumingAQueue() {
    String extra = fixture.queue + "-extra";
    try (Celeriac other =
        Celeriac.builder().url(TestBroker.amqpUrl()).defaultQueue(extra).build()) {
      Map<String, JsonNode> added = control.addConsumer(extra);
      assertThat(added.get(node).path("ok").asText()).isEqualTo("add consumer " + extra);
      assertThat(other.task("it.add", Integer.class).delay(20, 22).get(Duration.ofSeconds(20)))
          .isEqualTo(42);
      assertThat(control.inspect().activeQueues().get(node).toString()).contains(extra);

      Map<String, JsonNode> cancelled = control.cancelConsumer(extra);
      assertThat(cancelled.get(node).path("ok").asText())
          .isEqualTo("no longer consuming from " + extra);
      assertThat(control.inspect().activeQueues().get(node).toString()).doesNotContain(extra);
      other
          .task("it.add", Integer.class)
          .applyAsync(List.of(1, 1), TaskOptions.builder().ignoreResult(true).build());
      await().atMost(Duration.ofSeconds(5)).until(() -> fixture.depth(extra) == 1);
    } finally {
      fixture.deleteQueue(extra);
    }
  }

  @Test
  void shutdownStopsTheAddressedWorker() {
    assertThat(control.shutdown().get(node).path("ok").asText()).isEqualTo("shutting down");
    assertThat(worker.awaitTermination(30_000)).isTrue();
    assertThat(control.timeout(Duration.ofMillis(500)).inspect().ping()).isEmpty();
  }
}
