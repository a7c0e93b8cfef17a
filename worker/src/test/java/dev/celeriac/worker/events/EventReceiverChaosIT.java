package dev.celeriac.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.events.Event;
import dev.celeriac.client.events.EventReceiver;
import dev.celeriac.worker.QueueFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A monitor's event receiver and a worker's event stream both come back after a broker restart. */
class EventReceiverChaosIT {

  private QueueFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void receiverAndWorkerEventsSurviveABrokerRestart() throws Exception {
    TestBroker.requireContainer("stops and restarts the broker");
    fixture =
        QueueFixture.create("chaos-events").withWorker(w -> w.taskEvents(true).metricsPort(0));
    String node = fixture.worker().settings().hostname();
    List<Event> events = new CopyOnWriteArrayList<>();
    try (BrokerConnection connection =
            BrokerConnection.open(BrokerSettings.of(TestBroker.amqpUrl()), "chaos-events-monitor");
        EventReceiver receiver = EventReceiver.start(connection, events::add)) {
      var before = fixture.app.task("it.add", Integer.class).delay(1, 1);
      assertThat(before.get(Duration.ofSeconds(20))).isEqualTo(2);
      await().atMost(Duration.ofSeconds(10)).until(() -> succeeded(events, before.id()));

      TestBroker.rabbitmqctl("stop_app");
      // The broker closed its connections: the receiver's is down and will have to recover.
      await().atMost(Duration.ofSeconds(30)).until(() -> !connection.isOpen());
      TestBroker.rabbitmqctl("start_app");

      // Heartbeats from the worker reach the receiver again once both have recovered.
      int seen = events.size();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  events.stream()
                      .skip(seen)
                      .anyMatch(
                          e -> e.type().equals("worker-heartbeat") && e.hostname().equals(node)));
      var after = fixture.app.task("it.add", Integer.class).delay(2, 2);
      assertThat(after.get(Duration.ofSeconds(30))).isEqualTo(4);
      await().atMost(Duration.ofSeconds(10)).until(() -> succeeded(events, after.id()));
      assertThat(
              fixture.worker().metricsPort() > 0
                  && scrape(fixture.worker().metricsPort())
                      .matches("(?s).*celeriac_connection_recoveries_total\\{[^}]*\\} [1-9].*"))
          .as("recoveries counted")
          .isTrue();
    }
  }

  private static boolean succeeded(List<Event> events, String id) {
    return events.stream().anyMatch(e -> id.equals(e.uuid()) && e.type().equals("task-succeeded"));
  }

  private static String scrape(int port) throws Exception {
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      return http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }
}
