package dev.celeriac.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.events.Event;
import dev.celeriac.client.events.EventReceiver;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.QueueFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker's Celery events as an event receiver (a monitor) sees them. */
class EventsIT {

  private QueueFixture fixture;
  private EventReceiver receiver;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private List<String> typesOf(String taskId) {
    return events.stream().filter(e -> taskId.equals(e.uuid())).map(Event::type).toList();
  }

  @Test
  void sendsTaskEventsWithCeleryFieldsWhenEnabled() {
    fixture = QueueFixture.create("it-events");
    receiver = EventReceiver.start(fixture.app, events::add);
    fixture.withWorker(w -> w.taskEvents(true));
    String node = fixture.worker().settings().hostname();

    var ok = fixture.app.task("it.add", Integer.class).delay(2, 3);
    assertThat(ok.get(Duration.ofSeconds(20))).isEqualTo(5);
    var failed = fixture.app.task("it.fail", Integer.class).delay("boom");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> typesOf(failed.id()).contains("task-failed"));
    await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(ok.id()).contains("task-succeeded"));

    assertThat(typesOf(ok.id()))
        .containsSubsequence("task-received", "task-started", "task-succeeded");
    Event received = find(ok.id(), "task-received");
    assertThat(received.hostname()).isEqualTo(node);
    assertThat(received.text("name")).isEqualTo("it.add");
    assertThat(received.text("args")).isEqualTo("(2, 3)");
    assertThat(received.body().path("clock").asLong()).isPositive();
    assertThat(received.body().has("utcoffset")).isTrue();
    assertThat(received.body().path("pid").asLong()).isPositive();
    Event succeeded = find(ok.id(), "task-succeeded");
    assertThat(succeeded.text("result")).isEqualTo("5");
    assertThat(succeeded.body().path("runtime").isNumber()).isTrue();
    Event failure = find(failed.id(), "task-failed");
    assertThat(failure.text("exception")).contains("boom");
    assertThat(failure.text("traceback")).isNotBlank();

    // worker-online first, then heartbeats with Celery's fields
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .anyMatch(
                        e -> e.type().equals("worker-heartbeat") && e.hostname().equals(node)));
    assertThat(events.stream().filter(e -> e.hostname().equals(node)).map(Event::type))
        .contains("worker-online");
    Event heartbeat =
        events.stream()
            .filter(e -> e.type().equals("worker-heartbeat") && e.hostname().equals(node))
            .findFirst()
            .orElseThrow();
    assertThat(heartbeat.body().path("freq").asDouble()).isEqualTo(2.0);
    assertThat(heartbeat.body().path("loadavg").size()).isEqualTo(3);
    assertThat(heartbeat.body().has("active")).isTrue();
    assertThat(heartbeat.text("sw_ident")).isEqualTo("celeriac");

    fixture.worker().shutdown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .anyMatch(e -> e.type().equals("worker-offline") && e.hostname().equals(node)));
  }

  @Test
  void sendsNoTaskEventsWithoutTheFlag() {
    fixture = QueueFixture.create("it-events-off");
    receiver = EventReceiver.start(fixture.app, events::add);
    fixture.withWorker(w -> w);
    var ok = fixture.app.task("it.add", Integer.class).delay(1, 1);
    assertThat(ok.get(Duration.ofSeconds(20))).isEqualTo(2);
    String node = fixture.worker().settings().hostname();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.stream().anyMatch(e -> e.hostname().equals(node)));
    assertThat(typesOf(ok.id())).isEmpty();
  }

  @Test
  void clientSendsTaskSentWhenAsked() {
    fixture = QueueFixture.create("it-events-sent");
    receiver = EventReceiver.start(fixture.app, events::add);
    try (Celeriac sender =
        Celeriac.builder()
            .url(TestBroker.amqpUrl())
            .defaultQueue(fixture.queue)
            .sendSentEvents(true)
            .build()) {
      var result = sender.task("it.add", Integer.class).delay(4, 4);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> typesOf(result.id()).contains("task-sent"));
      Event sent = find(result.id(), "task-sent");
      assertThat(sent.text("name")).isEqualTo("it.add");
      assertThat(sent.text("queue")).isEqualTo(fixture.queue);
      assertThat(sent.text("routing_key")).isEqualTo(fixture.queue);
      assertThat(sent.text("args")).isEqualTo("(4, 4)");
      assertThat(sent.hostname()).isEqualTo(WorkerClient.of(sender).origin());
    }
  }

  private Event find(String id, String type) {
    return events.stream()
        .filter(e -> id.equals(e.uuid()) && e.type().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
