package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.GroupResult;
import dev.celeriac.client.Signature;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskRef;
import dev.celeriac.client.TaskRef2;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chains, groups, links, map/starmap/chunks and retries between a Java client and worker. */
class CanvasIT {

  private TaskRef2<Integer, Integer, Integer> add;
  private TaskRef2<Integer, Integer, Integer> mul;

  private QueueFixture fixture;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-canvas").withWorker(w -> w.concurrency(4));
    app = fixture.app;
    add = app.task(TestTasks::add);
    mul = app.task(TestTasks::mul);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void chainPassesEachResultToTheNextStep() {
    AsyncResult<Integer> result =
        Canvas.<Integer>chain(add.s(1, 2), mul.s(3), add.s(4)).applyAsync();
    assertThat(result.get(Duration.ofSeconds(20))).isEqualTo(13); // (1 + 2) * 3 + 4
  }

  @Test
  void immutableStepIgnoresThePreviousResult() {
    AsyncResult<Integer> result =
        Canvas.<Integer>chain(add.s(1, 2), mul.s(3), add.si(4, 4)).applyAsync();
    assertThat(result.get(Duration.ofSeconds(20))).isEqualTo(8);
  }

  @Test
  void chainFailsWithTheFailingStepsError() {
    TaskRef<Integer> fail = app.task("it.fail", Integer.class);
    AsyncResult<Integer> result =
        Canvas.<Integer>chain(add.s(1, 2), fail.s(), add.s(4)).applyAsync();
    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("IllegalStateException");
              assertThat(e.remoteArguments().get(0).asText()).isEqualTo("3");
            });
  }

  @Test
  void groupCollectsResultsInMemberOrder() {
    List<Signature<Integer>> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(add.s(i, i));
    }
    GroupResult<Integer> group = Canvas.group(members).applyAsync();
    assertThat(group.get(Duration.ofSeconds(30)))
        .containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18);
    assertThat(group.successful()).isTrue();
    assertThat(group.completedCount()).isEqualTo(10);
  }

  @Test
  void linkRunsTheCallbackWithTheResultAndLinkErrorWithTheFailedId() {
    String key = UUID.randomUUID().toString();
    TaskRef<String> record = app.task("it.record", String.class);
    TaskRef<Integer> fail = app.task("it.fail", Integer.class);

    add.s(20, 22).link(record.s(key)).delay().get(Duration.ofSeconds(20));
    AsyncResult<Integer> failed = fail.s("boom").linkError(record.s(key + "-err")).delay();

    await().atMost(Duration.ofSeconds(20)).until(() -> TestTasks.RECORDED.containsKey(key));
    assertThat(TestTasks.RECORDED.get(key)).containsExactly(42);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> TestTasks.RECORDED.containsKey(key + "-err"));
    assertThat(TestTasks.RECORDED.get(key + "-err")).containsExactly(failed.id());
  }

  @Test
  void mapStarmapAndChunksRunInOneMessageEach() {
    assertThat(
            add.untyped()
                .starmap(List.of(List.of(1, 2), List.of(3, 4)), Integer.class)
                .delay()
                .get(Duration.ofSeconds(20)))
        .containsExactly(3, 7);
    var pairs = new ArrayList<List<Integer>>();
    for (int i = 0; i < 7; i++) {
      pairs.add(List.of(i, i));
    }
    GroupResult<List<Integer>> chunks = add.untyped().chunks(pairs, 3, Integer.class).applyAsync();
    assertThat(chunks.results()).hasSize(3);
    assertThat(chunks.get(Duration.ofSeconds(20)))
        .containsExactly(List.of(0, 2, 4), List.of(6, 8, 10), List.of(12));
  }

  @Test
  void retryRunsTheTaskAgainAndReportsRetryStates() {
    AsyncResult<Integer> result = app.task("it.flaky", Integer.class).delay(2);
    List<TaskState> seen = new CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              TaskState state = result.state();
              if (seen.isEmpty() || seen.getLast() != state) {
                seen.add(state);
              }
              return state.isReady();
            });
    assertThat(result.get(Duration.ZERO)).isEqualTo(2);
    assertThat(seen).contains(TaskState.RETRY).endsWith(TaskState.SUCCESS);
  }

  @Test
  void exhaustedRetriesFailWithTheOriginalError() {
    AsyncResult<Integer> result = app.task("it.always_retry", Integer.class).delay();
    assertThatThrownBy(() -> result.get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("IOException");
              assertThat(e.remoteModule()).isEqualTo("java.io");
              assertThat(e.remoteArguments().get(0).asText()).isEqualTo("still down");
            });
  }

  @Test
  void autoretryForRetriesListedExceptionsWithBackoff() {
    assertThat(app.task("it.auto_retry", Integer.class).delay().get(Duration.ofSeconds(20)))
        .isEqualTo(2);
  }

  @Test
  void chordIsRefusedOnRpcWithAClearMessage() {
    assertThatThrownBy(() -> Canvas.chord(List.of(add.s(1, 1)), add.s(1)).applyAsync())
        .isInstanceOf(CeleriacException.class)
        .hasMessageContaining("rpc://");
  }
}
