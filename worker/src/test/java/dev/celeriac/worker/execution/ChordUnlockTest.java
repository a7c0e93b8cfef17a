package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.Retry;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Celery's {@code celery.chord_unlock} against an in-memory persistent backend without a join. */
class ChordUnlockTest {

  private final InMemoryChordBackend backend = new InMemoryChordBackend(false);
  private final RecordingBodies bodies = new RecordingBodies();
  private final ChordUnlock unlock = new ChordUnlock(backend, bodies);

  /** The message Celery's fallback_chord_unlock sends (publish-31-chord-file-backend). */
  private static TaskMessage unlockOf(Object interval, List<String> members) {
    var sig = ChordUnlock.signature("g", ChordMessages.json(ChordMessages.BODY), members);
    ObjectNode kwargs = sig.kwargs();
    if (interval != null) {
      kwargs.put("interval", ((Number) interval).doubleValue());
    }
    return ChordMessages.unlock(sig.args(), kwargs);
  }

  @Test
  void retriesEveryIntervalWithoutLimitUntilEveryMemberIsFinal() {
    backend.finished("a", TaskState.SUCCESS, IntNode.valueOf(2));

    assertThatThrownBy(() -> unlock.run(unlockOf(null, List.of("a", "b")), "q"))
        .isInstanceOfSatisfying(
            Retry.class,
            r -> {
              assertThat(r.countdown()).isEqualTo(Duration.ofSeconds(1));
              assertThat(r.maxRetries()).isEqualTo(Integer.MAX_VALUE);
              assertThat(r.getCause()).hasMessage("chord g waits for 1 of 2 header tasks");
            });
    backend.finished("b", TaskState.STARTED, null);
    assertThatThrownBy(() -> unlock.run(unlockOf(0.5, List.of("a", "b")), "q"))
        .isInstanceOfSatisfying(
            Retry.class, r -> assertThat(r.countdown()).isEqualTo(Duration.ofMillis(500)));
    assertThat(bodies.applied).isEmpty();
  }

  @Test
  void appliesTheBodyWithTheResultsInHeaderOrderOnceAllSucceeded() {
    backend.finished("b", TaskState.SUCCESS, IntNode.valueOf(4));
    backend.finished("a", TaskState.SUCCESS, IntNode.valueOf(2));

    unlock.run(unlockOf(null, List.of("a", "b")), "q");

    assertThat(bodies.applied).containsExactly("t.collect[2,4] parent unlock-1 on q");
  }

  @Test
  void readsTheWholeHeaderInOneFetchAllPerPoll() {
    backend.finished("a", TaskState.SUCCESS, IntNode.valueOf(2));
    backend.finished("b", TaskState.SUCCESS, IntNode.valueOf(4));
    java.util.List<java.util.List<String>> calls = new java.util.ArrayList<>();
    ResultBackend batched =
        new InMemoryChordBackend(false) {
          @Override
          public java.util.Optional<dev.celeriac.protocol.ResultMessage> fetch(String taskId) {
            throw new AssertionError("fetched " + taskId + " alone");
          }

          @Override
          public java.util.List<java.util.Optional<dev.celeriac.protocol.ResultMessage>> fetchAll(
              java.util.List<String> taskIds) {
            calls.add(taskIds);
            return taskIds.stream()
                .map(id -> java.util.Optional.of(backend.stored.get(id)))
                .toList();
          }
        };

    new ChordUnlock(batched, bodies).run(unlockOf(null, List.of("a", "b")), "q");

    assertThat(calls).containsExactly(List.of("a", "b"));
    assertThat(bodies.applied).containsExactly("t.collect[2,4] parent unlock-1 on q");
  }

  @Test
  void theFirstFailedMemberInHeaderOrderFailsTheBodyWithChordError() {
    backend.finished("a", TaskState.SUCCESS, IntNode.valueOf(2));
    backend.finished(
        "b",
        TaskState.FAILURE,
        ResultCodec.encodeException(Failures.python("builtins", "KeyError", "k")));
    backend.finished(
        "c",
        TaskState.FAILURE,
        ResultCodec.encodeException(Failures.python("builtins", "ValueError", "v")));

    unlock.run(unlockOf(null, List.of("a", "b", "c")), "q");

    assertThat(bodies.applied).isEmpty();
    assertThat(bodies.failed).hasSize(1);
    assertThat(bodies.failed.getFirst().messageText())
        .isEqualTo("Dependency b raised KeyError('k')");
  }

  @Test
  void aFailingBackendIsRetriedLater() {
    backend.failure = new CeleriacException("down");

    assertThatThrownBy(() -> unlock.run(unlockOf(null, List.of("a")), "q"))
        .isInstanceOf(Retry.class)
        .hasRootCauseMessage("down");
  }

  @Test
  void aMalformedCallIsBadArguments() {
    ArrayNode args = JsonNodeFactory.instance.arrayNode().add("g");
    assertThatThrownBy(
            () ->
                unlock.run(ChordMessages.unlock(args, JsonNodeFactory.instance.objectNode()), "q"))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("celery.chord_unlock() takes group_id and callback");
  }
}
