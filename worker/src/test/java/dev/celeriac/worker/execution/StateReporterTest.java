package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.Embed;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskProperties;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Which result messages a task's caller gets, and where they are stored. */
class StateReporterTest {

  private final List<String> stored = new CopyOnWriteArrayList<>();
  private final List<ResultTarget> targets = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> outcome = CompletableFuture.completedFuture(null);

  private final ResultBackend backend =
      new ResultBackend() {
        @Override
        public String url() {
          return "memory://";
        }

        @Override
        public boolean persistent() {
          return false;
        }

        @Override
        public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
          stored.add(result.status() + " " + target.taskId() + " to " + target.replyTo());
          targets.add(target);
          return outcome;
        }

        @Override
        public ResultWatch watch(String taskId) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ResultMessage> fetch(String taskId) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void forget(String taskId) {}

        @Override
        public String replyTo() {
          return null;
        }

        @Override
        public void close() {}
      };

  private final StateReporter states =
      new StateReporter(
          new ResultStore(
              backend, Duration.ofMillis(200), StoreRetry.of(Duration.ZERO, Duration.ofMillis(10))),
          "w@test",
          "t.quiet"::equals);

  private static TaskMessage task(String name, boolean ignoreResult, Embed embed) {
    TaskHeaders headers =
        new TaskHeaders(
            "id-1",
            name,
            "py",
            "id-1",
            null,
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            "gen1@test",
            ignoreResult,
            null);
    TaskBody body =
        new TaskBody(
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(), embed);
    return new TaskMessage(
        headers,
        body,
        new TaskProperties("id-1", "replies", null, 2, null, "application/json", "utf-8"));
  }

  @Test
  void storesEachStateAtTheCallersReplyQueue() {
    TaskMessage task = task("t.add", false, Embed.EMPTY);

    states.started(task, "celery");
    states.success(task, "celery", JsonNodeFactory.instance.numberNode(3));

    assertThat(stored).containsExactly("STARTED id-1 to replies", "SUCCESS id-1 to replies");
  }

  @Test
  void eachStoreNamesThisWorkerAndTheRoutingKeyForExtendedResults() {
    TaskMessage task = task("t.add", false, Embed.EMPTY);

    states.started(task, "orders");
    states.failure(task, "orders", Failures.python("builtins", "ValueError", "x"), null);

    assertThat(targets)
        .hasSize(2)
        .allSatisfy(
            target -> {
              assertThat(target.request().worker()).isEqualTo("w@test");
              assertThat(target.request().queue()).isEqualTo("orders");
              assertThat(target.request().name()).isEqualTo("t.add");
            });
  }

  @Test
  void aCallerThatSentIgnoreResultGetsNothing() {
    TaskMessage task = task("t.add", true, Embed.EMPTY);

    assertThat(states.wantsResult(task)).isFalse();
    states.success(task, "celery", JsonNodeFactory.instance.numberNode(3));
    assertThat(stored).isEmpty();
  }

  @Test
  void aTaskDeclaredIgnoreResultSendsNothingWhateverTheCallerAsks() {
    TaskMessage task = task("t.quiet", false, Embed.EMPTY);

    assertThat(states.wantsResult(task)).isFalse();
    states.failure(task, "celery", Failures.python("builtins", "ValueError", "x"), null);
    assertThat(stored).isEmpty();
  }

  @Test
  void aFailureAlsoFailsTheChainStepsThatWillNeverRun() throws Exception {
    var chain =
        CeleryJson.mapper()
            .readTree(
                "[{\"task\": \"t.last\", \"options\": {\"task_id\": \"id-3\"}},"
                    + " {\"task\": \"t.next\", \"options\": {\"task_id\": \"id-2\","
                    + " \"reply_to\": \"other\"}}]");
    TaskMessage task = task("t.add", false, new Embed(null, null, chain, null));

    states.failure(task, "celery", Failures.python("builtins", "ValueError", "x"), "traceback");

    assertThat(stored)
        .containsExactly(
            "FAILURE id-1 to replies", "FAILURE id-3 to replies", "FAILURE id-2 to other");
  }

  @Test
  void aResultTheBackendDoesNotStoreInTimeIsReportedAsNotStored() {
    outcome = new CompletableFuture<>(); // never completes

    assertThatThrownBy(
            () ->
                states.success(
                    task("t.add", false, Embed.EMPTY),
                    "celery",
                    JsonNodeFactory.instance.nullNode()))
        .isInstanceOf(ResultNotStoredException.class)
        .hasMessageContaining("was not stored by memory:// in 1 attempt(s)")
        .hasMessageContaining("no confirmation within 200ms");
    assertThat(stored).extracting(s -> s.split(" ")[0]).containsExactly(TaskState.SUCCESS.name());
  }
}
