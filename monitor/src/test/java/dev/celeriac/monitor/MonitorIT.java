package dev.celeriac.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.celeriac.beat.BeatStatus;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.testing.TestEnvironment;
import dev.celeriac.broker.topology.Pidbox;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor against a real broker, fed with events the test publishes. */
class MonitorIT {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String queue = "monitor-it-" + UUID.randomUUID();
  private final String beatGroup = "monitor-it-beat-" + UUID.randomUUID();
  private BrokerConnection connection;
  private Channel channel;
  private Monitor monitor;

  @BeforeEach
  void start() throws Exception {
    BrokerSettings broker = BrokerSettings.of(TestBroker.amqpUrl());
    connection = BrokerConnection.open(broker, "monitor-it");
    channel = connection.createChannel();
    channel.exchangeDeclare("celeryev", BuiltinExchangeType.TOPIC, true);
    Topology.declareTaskQueue(channel, queue, null, QueueType.CLASSIC);
    Topology.declareDeadLetterQueue(channel, queue, QueueType.CLASSIC);
    monitor =
        Monitor.start(
            MonitorSettings.builder()
                .broker(broker)
                .port(0)
                .queues(List.of(queue))
                .management(managementUrl())
                .refresh(Duration.ofMillis(500))
                .beatGroup(beatGroup)
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    if (monitor != null) {
      monitor.close();
    }
    if (channel != null && channel.isOpen()) {
      channel.queueDelete(queue);
      channel.queueDelete(Topology.deadLetterQueueName(queue));
      channel.queueDelete(BeatStatus.queue(beatGroup));
      channel.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private void publishEvent(String routingKey, String json) throws Exception {
    channel.basicPublish(
        "celeryev",
        routingKey,
        new AMQP.BasicProperties.Builder().contentType("application/json").build(),
        json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(monitor.url().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A POST as the UI sends it: with the token from {@code /api/token}. */
  private HttpResponse<String> post(String path, boolean withToken) throws Exception {
    return withToken ? post(path, ActionGuard.HEADER, token()) : post(path);
  }

  /** A POST with the given header name/value pairs. */
  private HttpResponse<String> post(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(monitor.url().resolve(path))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token() throws Exception {
    JsonNode answer = json(get("api/token"));
    assertThat(answer.path("header").asText()).isEqualTo(ActionGuard.HEADER);
    return answer.path("token").asText();
  }

  private static JsonNode json(HttpResponse<String> response) {
    return CeleryJson.read(response.body().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void showsTasksAndWorkersFromTheEventStreamAndCountsThemInMetrics() throws Exception {
    publishEvent(
        "worker.heartbeat",
        "{'type':'worker-heartbeat','hostname':'w1@it','freq':2.0,'active':0,'processed':1,"
            + "'sw_ident':'py-celery','sw_ver':'5.2.6','loadavg':[0.1,0.2,0.3]}");
    publishEvent(
        "task.multi",
        "[{'type':'task-received','uuid':'t1','name':'tasks.add','args':'(1, 2)',"
            + "'hostname':'w1@it'},"
            + "{'type':'task-succeeded','uuid':'t1','result':'3','runtime':0.5,"
            + "'hostname':'w1@it'}]");
    publishEvent("task.failed", "{'type':'task-failed','uuid':'t2','traceback':'KeyError: x'}");
    publishEvent("task.bad", "not json at all");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(json(get("api/tasks"))).hasSize(2));
    JsonNode task = json(get("api/tasks/t1"));
    assertThat(task.path("state").asText()).isEqualTo("SUCCESS");
    assertThat(task.path("result").asText()).isEqualTo("3");
    assertThat(task.path("worker").asText()).isEqualTo("w1@it");
    assertThat(get("api/tasks/nope").statusCode()).isEqualTo(404);
    assertThat(json(get("api/tasks?search=tasks.add"))).hasSize(1);
    assertThat(json(get("api/tasks?state=FAILURE")).get(0).path("id").asText()).isEqualTo("t2");

    JsonNode worker = json(get("api/workers")).get(0);
    assertThat(worker.path("hostname").asText()).isEqualTo("w1@it");
    assertThat(worker.path("online").asBoolean()).isTrue();

    String metrics = get("metrics").body();
    assertThat(metrics)
        .contains("celeriac_monitor_tasks_total{state=\"succeeded\",task=\"tasks.add\"} 1.0")
        .contains("celeriac_monitor_task_runtime_seconds_count{task=\"tasks.add\"} 1")
        .contains("celeriac_monitor_workers_online 1.0");

    assertThat(get("").body()).contains("<title>Celeriac monitor</title>");
    assertThat(get("static/app.js").statusCode()).isEqualTo(200);
    assertThat(get("static/../pom.xml").statusCode()).isEqualTo(404);
  }

  @Test
  void showsWhatTheBeatSenderReportedAndLeavesTheReportForOthers() throws Exception {
    assertThat(json(get("api/beat")).path("reported").asBoolean()).isFalse();

    // What a sending beat publishes, as it publishes it: one message in <group>.status.
    Instant now = Instant.now();
    BeatStatus status =
        new BeatStatus(
            "beat7@it",
            now.minusSeconds(60),
            now,
            List.of(
                new BeatStatus.Line(
                    "every-second", "tasks.add", "every 1s", now.minusSeconds(1), now)));
    channel.queueDeclare(BeatStatus.queue(beatGroup), true, false, false, Map.of());
    channel.basicPublish("", BeatStatus.queue(beatGroup), null, status.toJson());

    for (int read = 1; read <= 2; read++) {
      JsonNode beat = json(get("api/beat"));
      assertThat(beat.path("reported").asBoolean()).as("read " + read).isTrue();
      assertThat(beat.path("sender").asText()).isEqualTo("beat7@it");
      assertThat(beat.path("stale").asBoolean()).isFalse();
      assertThat(beat.path("entries").get(0).path("lastRun").asText())
          .isEqualTo(now.minusSeconds(1).toString());
    }
    // Got and returned, never consumed: celeriac beat --status still finds it.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(channel.messageCount(BeatStatus.queue(beatGroup))).isEqualTo(1));
  }

  @Test
  void reportsQueueDepthsAndPurgesAndReplaysFromTheApi() throws Exception {
    for (int i = 0; i < 3; i++) {
      channel.basicPublish("", queue, null, "{}".getBytes(StandardCharsets.UTF_8));
    }
    channel.basicPublish(
        Topology.DEAD_LETTER_EXCHANGE,
        queue,
        new AMQP.BasicProperties.Builder()
            .headers(Map.of(DeadLetterHeaders.QUEUE, queue, DeadLetterHeaders.REASON, "test"))
            .build(),
        "{}".getBytes(StandardCharsets.UTF_8));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode q = row(json(get("api/queues")), queue);
              assertThat(q.path("ready").asLong()).isEqualTo(3);
              assertThat(q.path("deadLetters").asLong()).isEqualTo(1);
            });
    assertThat(get("metrics").body())
        .contains("celeriac_monitor_queue_messages{queue=\"" + queue + "\"}");
    // The figures above came from the management API where the broker serves one, else from
    // passive declares; queueFiguresComeFromTheManagementApiWhereTheBrokerServesIt requires the
    // API.
    assertThat(json(get("api/overview")).path("queueSource").asText())
        .isEqualTo(managementApiAnswers() ? "management API" : "passive declares");

    assertThat(post("api/queues/" + queue + "/purge", false).statusCode()).isEqualTo(403);
    assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(3);
    HttpResponse<String> purged = post("api/queues/" + queue + "/purge", true);
    assertThat(json(purged).path("purged").asLong()).isEqualTo(3);

    assertThat(json(post("api/queues/" + queue + "/replay", true)).path("replayed").asInt())
        .isEqualTo(1);
    assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);
    assertThat(channel.queueDeclarePassive(Topology.deadLetterQueueName(queue)).getMessageCount())
        .isZero();
  }

  @Test
  void queueFiguresComeFromTheManagementApiWhereTheBrokerServesIt() throws Exception {
    // The test containers run the management plugin; an external broker may not.
    TestEnvironment.require(
        managementApiAnswers(),
        "the broker's management API at " + managementUrl(),
        "Run the tests against a broker container, or enable rabbitmq_management.");
    channel.basicPublish("", queue, null, "{}".getBytes(StandardCharsets.UTF_8));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(json(get("api/overview")).path("queueSource").asText())
                  .isEqualTo("management API");
              assertThat(row(json(get("api/queues")), queue).path("ready").asLong()).isEqualTo(1);
            });
  }

  private static URI managementUrl() {
    return URI.create("http://" + TestBroker.host() + ":" + TestBroker.managementPort() + "/");
  }

  /** Whether the test broker's management API answers, with the guest login the tests use. */
  private boolean managementApiAnswers() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(managementUrl().resolve("api/overview"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void revokeAndShutdownGoToWorkersOverThePidbox() throws Exception {
    String listener = channel.queueDeclare().getQueue();
    Pidbox.declareExchange(channel);
    channel.queueBind(listener, Pidbox.EXCHANGE, "");

    assertThat(post("api/tasks/t-123/revoke", true).statusCode()).isEqualTo(200);
    JsonNode revoke = awaitPidbox(listener, "revoke");
    assertThat(revoke.path("arguments").path("task_id").asText()).isEqualTo("t-123");

    assertThat(post("api/workers/w9@it/shutdown", true).statusCode()).isEqualTo(200);
    JsonNode shutdown = awaitPidbox(listener, "shutdown");
    assertThat(shutdown.path("destination").get(0).asText()).isEqualTo("w9@it");
  }

  @Test
  void followsTheEventsAgainAfterTheBrokerDroppedItsConnection() throws Exception {
    publishEvent("task.sent", "{'type':'task-sent','uuid':'before','name':'tasks.a'}");
    await().atMost(Duration.ofSeconds(30)).until(() -> monitor.state().task("before") != null);

    TestBroker.rabbitmqctl("close_all_connections", "monitor test");
    // The test's own connection recovers too; wait for both, then publish again.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Channel fresh = connection.createChannel();
              try {
                fresh.basicPublish(
                    "celeryev",
                    "task.sent",
                    null,
                    "{\"type\":\"task-sent\",\"uuid\":\"after\",\"name\":\"tasks.b\"}"
                        .getBytes(StandardCharsets.UTF_8));
              } finally {
                Topology.closeQuietly(fresh);
              }
              assertThat(monitor.state().task("after")).isNotNull();
            });
    assertThat(json(get("api/overview")).path("connected").asBoolean()).isTrue();
    channel = connection.createChannel();
  }

  @Test
  void refusesActionsWithoutTheTokenWithAWrongOneOrFromAnotherSite() throws Exception {
    channel.basicPublish("", queue, null, "{}".getBytes(StandardCharsets.UTF_8));
    String token = token();
    String purge = "api/queues/" + queue + "/purge";
    String host = monitor.url().getHost() + ":" + monitor.url().getPort();

    HttpResponse<String> none = post(purge);
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(json(none).path("error").asText()).contains(ActionGuard.HEADER);
    HttpResponse<String> wrong = post(purge, ActionGuard.HEADER, token + "x");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(json(wrong).path("error").asText()).contains("wrong " + ActionGuard.HEADER);
    HttpResponse<String> otherOrigin =
        post(purge, ActionGuard.HEADER, token, "Origin", "http://evil.example");
    assertThat(otherOrigin.statusCode()).isEqualTo(403);
    assertThat(json(otherOrigin).path("error").asText()).contains("another origin");
    HttpResponse<String> otherSite =
        post(purge, ActionGuard.HEADER, token, "Sec-Fetch-Site", "cross-site");
    assertThat(otherSite.statusCode()).isEqualTo(403);
    assertThat(json(otherSite).path("error").asText()).contains("another site");
    // GET never acts, whatever it carries.
    assertThat(
            http.send(
                    HttpRequest.newBuilder(monitor.url().resolve(purge))
                        .header(ActionGuard.HEADER, token)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
    assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(1);

    HttpResponse<String> sameOrigin =
        post(
            purge,
            ActionGuard.HEADER,
            token,
            "Origin",
            "http://" + host,
            "Sec-Fetch-Site",
            "same-origin");
    assertThat(sameOrigin.statusCode()).isEqualTo(200);
    assertThat(json(sameOrigin).path("purged").asLong()).isEqualTo(1);
    assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
  }

  @Test
  void sendsSecurityHeadersOnTheUiTheApiAndTheMetrics() throws Exception {
    for (String path : List.of("", "static/app.js", "api/overview", "api/tasks/nope", "metrics")) {
      HttpResponse<String> response = get(path);
      assertSecurityHeaders(path, response);
    }
    assertThat(get("api/overview").headers().firstValue("Cache-Control")).hasValue("no-store");
    assertSecurityHeaders("POST refused", post("api/queues/" + queue + "/purge"));
  }

  private static void assertSecurityHeaders(String what, HttpResponse<?> response) {
    var headers = response.headers();
    assertThat(headers.firstValue("Content-Security-Policy"))
        .as(what)
        .hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
    assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
        .as(what)
        .contains("script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(headers.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
    assertThat(headers.firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    assertThat(headers.firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
    assertThat(headers.firstValue("Cache-Control")).as(what).isPresent();
  }

  @Test
  void saysWhichOptionToChangeWhenItsPortIsTaken() {
    MonitorSettings taken =
        MonitorSettings.builder()
            .broker(BrokerSettings.of(TestBroker.amqpUrl()))
            .port(monitor.url().getPort())
            .build();
    assertThatThrownBy(() -> Monitor.start(taken))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("choose another --port");
  }

  @Test
  void asksForTheLoginWhenCredentialsAreSet() throws Exception {
    try (Monitor guarded =
        Monitor.start(
            MonitorSettings.builder()
                .broker(BrokerSettings.of(TestBroker.amqpUrl()))
                .port(0)
                .credentials("admin", "s3cret")
                .build())) {
      URI overview = guarded.url().resolve("api/overview");
      assertThat(status(overview, null)).isEqualTo(401);
      assertThat(status(guarded.url().resolve("metrics"), null)).isEqualTo(401);
      assertThat(status(guarded.url(), null)).isEqualTo(401);
      assertThat(status(overview, "admin:wrong")).isEqualTo(401);
      assertThat(status(overview, "root:s3cret")).isEqualTo(401);
      assertThat(status(overview, "admin:s3cret")).isEqualTo(200);
      HttpResponse<Void> refused =
          http.send(
              HttpRequest.newBuilder(overview).build(), HttpResponse.BodyHandlers.discarding());
      assertSecurityHeaders("401", refused);
    }
  }

  private int status(URI uri, String login) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (login != null) {
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The next pidbox request with this method; the monitor's own {@code stats} are skipped. */
  private JsonNode awaitPidbox(String listener, String method) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var response = channel.basicGet(listener, true);
              return response == null ? null : CeleryJson.read(response.getBody());
            },
            body -> body != null && body.path("method").asText().equals(method));
  }

  private static JsonNode row(JsonNode queues, String name) {
    for (JsonNode q : queues) {
      if (q.path("name").asText().equals(name)) {
        return q;
      }
    }
    throw new AssertionError("no queue " + name + " in " + queues);
  }
}
