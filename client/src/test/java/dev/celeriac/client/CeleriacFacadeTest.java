package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.celeriac.broker.PublishException;
import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.client.internal.FakeBrokerPort;
import dev.celeriac.client.results.FakeResultBackend;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app's decisions without a broker: results watched before publishing and released when a
 * publish fails, pipelined confirms, results by id through the backend, chains and groups, and the
 * worker SPI, on in-memory stand-ins for the broker and the result backend.
 */
class CeleriacFacadeTest {

  private final List<String> events = new CopyOnWriteArrayList<>();
  private FakeBrokerPort broker = new FakeBrokerPort(false, false, events);
  private FakeResultBackend results = new FakeResultBackend(false, events);
  private Celeriac app = app();

  private Celeriac app() {
    return Celeriac.builder().defaultQueue("q").buildOn(broker, results, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    app.close();
  }

  private TaskRef<Integer> add() {
    return app.task("tasks.add", Integer.class);
  }

  private static ResultMessage success(String id, int value) {
    return new ResultMessage(id, TaskState.SUCCESS, IntNode.valueOf(value), null, null);
  }

  private static ResultMessage failure(String id) {
    JsonNode exception =
        CeleryJson.mapper()
            .createObjectNode()
            .put("exc_type", "ValueError")
            .put("exc_module", "builtins")
            .set("exc_message", CeleryJson.mapper().createArrayNode().add("bad"));
    return new ResultMessage(id, TaskState.FAILURE, exception, "Traceback ...", null);
  }

  @Test
  void watchesTheResultBeforePublishingTheTask() {
    AsyncResult<Integer> r = add().delay(1, 2);
    assertThat(events).containsExactly("watch " + r.id(), "publish q");
  }

  @Test
  void resultArrivesThroughTheBackendsWatch() {
    AsyncResult<Integer> r = add().delay(1, 2);
    assertThat(r.state()).isEqualTo(TaskState.PENDING);
    results.deliver(success(r.id(), 3));
    assertThat(r.get(Duration.ofSeconds(1))).isEqualTo(3);
    assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void failedPublishStopsWatching() {
    broker.refuseConfirms();
    TaskOptions options = TaskOptions.builder().taskId("fixed").build();
    assertThatThrownBy(() -> add().applyAsync(List.of(1, 2), options))
        .isInstanceOf(PublishException.class);
    assertThat(results.watches("fixed")).isFalse();
    assertThatThrownBy(() -> app.result("fixed").state())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void resultOfATaskSentWithIgnoreResultIsNeitherWatchedNorAwaitable() {
    AsyncResult<Integer> r =
        add().applyAsync(List.of(1, 2), TaskOptions.builder().ignoreResult(true).build());
    assertThat(events).containsExactly("publish q");
    assertThatThrownBy(() -> r.get(Duration.ofSeconds(1)))
        .isInstanceOf(CeleriacException.class)
        .hasMessageContaining("ignoreResult");
  }

  @Test
  void delayAllPublishesEveryMessageBeforeAwaitingAnyConfirm() {
    broker.holdConfirms();
    CompletableFuture<List<AsyncResult<Integer>>> sent =
        CompletableFuture.supplyAsync(
            () -> add().delayAll(List.of(List.of(1, 1), List.of(2, 2), List.of(3, 3))));
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.published().size() == 3);
    assertThat(sent).isNotDone();
    broker.confirmAll();
    assertThat(sent.join()).hasSize(3);
  }

  @Test
  void resultByIdOfAWatchedTaskFollowsItsWatch() {
    AsyncResult<Integer> sent = add().delay(1, 2);
    AsyncResult<Integer> byId = app.result(sent.id(), Integer.class);
    assertThat(byId.taskName()).isEqualTo("tasks.add");
    results.deliver(success(sent.id(), 3));
    assertThat(byId.get(Duration.ofSeconds(1))).isEqualTo(3);
  }

  @Test
  void resultByIdOfAnUnwatchedTaskRaisesTheBackendsErrorWhenItCannotReadById() {
    AsyncResult<Object> other = app.result("sent-elsewhere");
    assertThatThrownBy(other::state)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sent-elsewhere");
    assertThatThrownBy(() -> other.get(Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void resultByIdReadsAPersistentBackend() {
    results = new FakeResultBackend(true, events);
    app = app();
    results.deliver(success("stored-1", 7));
    assertThat(app.result("stored-1", Integer.class).get(Duration.ofSeconds(1))).isEqualTo(7);
    AsyncResult<Object> later = app.result("not-yet");
    assertThat(later.state()).isEqualTo(TaskState.PENDING);
  }

  @Test
  void unfinishedResultByIdOnAPersistentBackendIsWatchedFromThen() {
    results = new FakeResultBackend(true, events);
    app = app();
    CompletableFuture<Integer> value = app.result("running-1", Integer.class).toCompletableFuture();
    assertThat(results.watches("running-1")).isTrue();
    results.deliver(success("running-1", 5));
    assertThat(value.join()).isEqualTo(5);
  }

  @Test
  void forgetStopsWatchingAndDeletesTheStoredResult() {
    AsyncResult<Integer> r = add().delay(1, 2);
    r.forget();
    assertThat(results.forgotten()).containsExactly(r.id());
    assertThat(results.watches(r.id())).isFalse();
    assertThatThrownBy(() -> r.get(Duration.ofSeconds(1)))
        .isInstanceOf(CeleriacException.class)
        .hasMessageContaining("forgotten");
  }

  @Test
  void chainWatchesEveryStepAndFreezesTheBackendsReplyQueueIntoTheRest() {
    AsyncResult<Integer> last = Canvas.<Integer>chain(add().s(1, 1), add().s(2)).applyAsync();
    assertThat(broker.published()).hasSize(1);
    String firstId = broker.published().getFirst().properties().getCorrelationId();
    assertThat(events).containsExactly("watch " + firstId, "watch " + last.id(), "publish q");
    JsonNode body = CeleryJson.read(broker.published().getFirst().body());
    JsonNode step = body.get(2).get("chain").get(0);
    assertThat(step.path("options").path("task_id").asText()).isEqualTo(last.id());
    assertThat(step.path("options").path("reply_to").asText())
        .isEqualTo(FakeResultBackend.REPLY_QUEUE);
  }

  @Test
  void chainResultFailsAsSoonAsAnEarlierStepFails() {
    AsyncResult<Integer> last = Canvas.<Integer>chain(add().s(1, 1), add().s(2)).applyAsync();
    String firstId = broker.published().getFirst().properties().getCorrelationId();
    results.deliver(failure(firstId));
    assertThatThrownBy(() -> last.get(Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            TaskFailedException.class, e -> assertThat(e.taskId()).isEqualTo(firstId));
  }

  @Test
  void groupSendsEveryMemberWithOneGroupIdAndCollectsResultsInOrder() {
    GroupResult<Integer> group = Canvas.group(add().s(1, 1), add().s(2, 2)).applyAsync();
    assertThat(broker.published())
        .extracting(p -> p.properties().getHeaders().get("group").toString())
        .containsExactly(group.id(), group.id());
    results.deliver(success(group.results().get(1).id(), 4));
    results.deliver(success(group.results().get(0).id(), 2));
    assertThat(group.get(Duration.ofSeconds(1))).containsExactly(2, 4);
  }

  @Test
  void aSavedGroupIsRestoredByIdWithItsMembersInOrder() {
    results = new FakeResultBackend(true, events);
    app = app();
    GroupResult<Integer> group = Canvas.group(add().s(1, 1), add().s(2, 2)).applyAsync();
    group.save();
    results.deliver(success(group.results().get(0).id(), 2));
    results.deliver(success(group.results().get(1).id(), 4));

    try (Celeriac other = Celeriac.builder().buildOn(broker, results)) {
      GroupResult<Integer> restored = other.groupResult(group.id(), Integer.class).orElseThrow();
      assertThat(restored.id()).isEqualTo(group.id());
      assertThat(restored.results())
          .extracting(AsyncResult::id)
          .containsExactlyElementsOf(group.results().stream().map(AsyncResult::id).toList());
      assertThat(restored.get(Duration.ofSeconds(1))).containsExactly(2, 4);
    }
  }

  @Test
  void aGroupNeverSavedIsNotFound() {
    results = new FakeResultBackend(true, events);
    app = app();
    assertThat(app.groupResult("never-saved")).isEmpty();
  }

  @Test
  void groupsCannotBeSavedOrRestoredOnABackendThatKeepsNone() {
    GroupResult<Integer> group = Canvas.group(add().s(1, 1)).applyAsync();
    assertThatThrownBy(group::save)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("save group " + group.id())
        .hasMessageContaining("keeps no groups");
    assertThatThrownBy(() -> app.groupResult(group.id()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("restore group " + group.id());
  }

  @Test
  void revokeIsKeptInTheBrokersStreamWhenItHasOne() {
    broker = new FakeBrokerPort(false, true, events);
    app = app();
    app.revoke("task-1");
    assertThat(broker.routingKeys()).containsExactly(Revocations.STREAM);
  }

  @Test
  void workerClientSendsFollowUpsInTheWorkflowAndRecordsRevokes() {
    WorkerClient client = WorkerClient.of(app);
    String id = client.sendFollowUp(add().s(5), "root-1", "parent-1", "from-queue", null);
    FakeBrokerPort.Published p = broker.published().getFirst();
    assertThat(p.routingKey()).isEqualTo("from-queue");
    assertThat(p.properties().getCorrelationId()).isEqualTo(id);
    assertThat(p.properties().getHeaders().get("root_id")).hasToString("root-1");
    assertThat(p.properties().getHeaders().get("parent_id")).hasToString("parent-1");
    assertThat(client.origin()).startsWith("gen" + ProcessHandle.current().pid() + "@");
    assertThat(client.recordRevoke("task-1", false)).isFalse(); // no streams: nothing kept
  }

  @Test
  void publicBuildOnSendsEveryTaskToTheStandInBroker() {
    try (Celeriac standIn = Celeriac.builder().buildOn(broker, results)) {
      standIn.task("tasks.add", Integer.class).delay(1, 2);
    }
    assertThat(broker.routingKeys()).containsExactly("celery");
  }

  @Test
  void appOverAStandInBrokerRefusesWhatNeedsAConnectionSayingWhy() {
    assertThatThrownBy(app::control)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("remote control needs a broker connection")
        .hasMessageContaining("buildOn");
    assertThatThrownBy(() -> app.revoke("task-1")) // no streams: it would broadcast
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stand-in broker");
    assertThatThrownBy(() -> WorkerClient.of(app).connection())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("connection()");
  }

  @Test
  void closeClosesTheResultBackendAndThePublisher() {
    app.close();
    assertThat(results.closed()).isTrue();
    assertThat(broker.closed()).isTrue();
  }
}
