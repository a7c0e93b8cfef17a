package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRevokedException;
import dev.celeriac.client.TaskTimeoutException;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input never crashes the worker and never loses a message: each case gets a clear error
 * (FAILURE to the caller where there is one) and the message lands in the dead-letter queue.
 */
class BadInputIT {

  private Channel channel;

  private QueueFixture fixture;
  private String queue;
  private Worker worker;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-bad").withWorker(w -> w.concurrency(4));
    queue = fixture.queue;
    worker = fixture.worker();
    app = fixture.app;
    channel = fixture.channel();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private GetResponse awaitDeadLetter() {
    GetResponse[] holder = new GetResponse[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                (holder[0] = channel.basicGet(Topology.deadLetterQueueName(queue), true)) != null);
    return holder[0];
  }

  private static String header(GetResponse response, String name) {
    Object value = response.getProps().getHeaders().get(name);
    return value == null ? null : value.toString();
  }

  private void publishRaw(Map<String, Object> headers, String contentType, String body)
      throws Exception {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .contentType(contentType)
            .contentEncoding("utf-8")
            .headers(headers)
            .deliveryMode(2)
            .build();
    channel.basicPublish("", queue, props, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> taskHeaders(String task) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("task", task);
    headers.put("id", UUID.randomUUID().toString());
    return headers;
  }

  private void assertWorkerStillServes() {
    assertThat(app.task("it.add", Integer.class).delay(2, 3).get(Duration.ofSeconds(20)))
        .isEqualTo(5);
  }

  @Test
  void unknownTaskFailsWithNotRegisteredAndIsDeadLetteredWithTheReason() {
    AsyncResult<Object> result = app.task("it.nope", Object.class).delay("hi");

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("NotRegistered");
              assertThat(e.remoteModule()).isEqualTo("celery.exceptions");
              assertThat(e.remoteArguments().get(0).asText()).isEqualTo("it.nope");
            });
    GetResponse dead = awaitDeadLetter();
    assertThat(header(dead, "task")).isEqualTo("it.nope");
    assertThat(header(dead, "id")).isEqualTo(result.id());
    assertThat(header(dead, DeadLetterHeaders.REASON)).contains("'it.nope' is not registered");
    assertThat(header(dead, DeadLetterHeaders.QUEUE)).isEqualTo(queue);
    assertWorkerStillServes();
  }

  @Test
  void bodyThatIsNotJsonIsDeadLetteredAndTheWorkerKeepsRunning() throws Exception {
    publishRaw(taskHeaders("it.add"), "application/json", "this is not json");

    GetResponse dead = awaitDeadLetter();
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
    assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("undecodable message:");
    assertWorkerStillServes();
  }

  @Test
  void bodyOfTheWrongShapeIsDeadLettered() throws Exception {
    publishRaw(taskHeaders("it.add"), "application/json", "[[1, 2]]");

    assertThat(header(awaitDeadLetter(), DeadLetterHeaders.REASON))
        .startsWith("undecodable message:");
    assertWorkerStillServes();
  }

  @Test
  void messageWithoutTaskHeaderIsDeadLettered() throws Exception {
    publishRaw(Map.of("id", "x-1"), "application/json", "[[1, 2], {}, {}]");

    assertThat(header(awaitDeadLetter(), DeadLetterHeaders.REASON)).contains("task");
    assertWorkerStillServes();
  }

  @Test
  void pickledMessageIsDeadLetteredNamingTheContentType() throws Exception {
    publishRaw(taskHeaders("it.add"), "application/x-python-serialize", "\u0080\u0004K.");

    assertThat(header(awaitDeadLetter(), DeadLetterHeaders.REASON))
        .contains("application/x-python-serialize");
    assertWorkerStillServes();
  }

  @Test
  void argumentsThatDoNotFitFailWithTypeErrorAndAreDeadLettered() {
    AsyncResult<Integer> result = app.task("it.add", Integer.class).delay("five", 5);

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("TypeError");
              assertThat(e.remoteModule()).isEqualTo("builtins");
              assertThat(e.getMessage()).contains("argument 'x' cannot be read as int");
            });
    assertThat(header(awaitDeadLetter(), DeadLetterHeaders.REASON))
        .contains("arguments do not fit the task");
  }

  @Test
  void taskExceptionBecomesFailureWithRemoteTypeAndTraceback() throws Exception {
    AsyncResult<Integer> result = app.task("it.fail", Integer.class).delay("boom");

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("IllegalStateException");
              assertThat(e.remoteModule()).isEqualTo("java.lang");
              assertThat(e.remoteArguments().get(0).asText()).isEqualTo("boom");
              assertThat(e.traceback())
                  .contains("java.lang.IllegalStateException: boom")
                  .contains("TestTasks.fail");
              assertThat(e.taskId()).isEqualTo(result.id());
            });
    assertThat(result.state()).isEqualTo(TaskState.FAILURE);
    // A task's own failure is a result, not a bad message: once settled, nothing is dead-lettered.
    await().atMost(Duration.ofSeconds(10)).until(() -> worker.inFlight() == 0);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> fixture.depth(Topology.deadLetterQueueName(queue)) == 0);
  }

  @Test
  void rejectFailsTheCallAndDeadLettersTheMessageAtOnce() {
    AsyncResult<Integer> result = app.task("it.reject", Integer.class).delay(-5);

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("Reject");
              assertThat(e.remoteModule()).isEqualTo("celery.exceptions");
            });
    GetResponse dead = awaitDeadLetter();
    assertThat(header(dead, "id")).isEqualTo(result.id());
    assertThat(header(dead, DeadLetterHeaders.REASON))
        .isEqualTo("rejected by the task: negative total -5");
  }

  @Test
  void taskDeclaredIgnoreResultSendsNoResultWhateverTheCallerAsks() {
    AsyncResult<Integer> quiet = app.task("it.quiet", Integer.class).delay();
    assertThat(app.task("it.add", Integer.class).delay(1, 1).get(Duration.ofSeconds(20)))
        .isEqualTo(2);
    assertThatThrownBy(() -> quiet.get(Duration.ofSeconds(1)))
        .isInstanceOf(TaskTimeoutException.class);
  }

  @Test
  void expiredTaskIsRevokedNotRun() {
    AsyncResult<Integer> result =
        app.task("it.add", Integer.class)
            .applyAsync(
                List.of(1, 2),
                TaskOptions.builder().expires(Instant.now().minusSeconds(60)).build());

    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOf(TaskRevokedException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void trackStartedPublishesStartedBeforeSuccess() {
    AsyncResult<String> result = app.task("it.slow", String.class).delay(1500);

    await().atMost(Duration.ofSeconds(10)).until(() -> result.state() == TaskState.STARTED);
    assertThat(result.get(Duration.ofSeconds(20))).isEqualTo("done");
    assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(result.successful()).isTrue();
  }

  @Test
  void countdownDelaysExecution() {
    Instant sent = Instant.now();
    AsyncResult<Integer> result =
        app.task("it.add", Integer.class)
            .applyAsync(
                List.of(1, 2), TaskOptions.builder().countdown(Duration.ofSeconds(2)).build());

    assertThat(result.get(Duration.ofSeconds(20))).isEqualTo(3);
    assertThat(Duration.between(sent, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void recordsTravelAsJsonObjects() {
    TestTasks.Point mirrored =
        app.task(TestTasks::mirror).delay(new TestTasks.Point(1, 2)).get(Duration.ofSeconds(20));
    assertThat(mirrored).isEqualTo(new TestTasks.Point(2, 1));
  }

  @Test
  void resultWaitThatRunsOutIsATimeoutNotAFailure() {
    AsyncResult<Integer> result =
        app.task("it.add", Integer.class)
            .applyAsync(List.of(1, 2), TaskOptions.builder().queue(queue + "-nobody").build());
    try {
      assertThatThrownBy(() -> result.get(Duration.ofMillis(300)))
          .isInstanceOf(TaskTimeoutException.class)
          .hasMessageContaining("did not finish within PT0.3S");
      assertThat(result.state()).isEqualTo(TaskState.PENDING);
    } finally {
      try {
        channel.queueDelete(queue + "-nobody");
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
  }
}
