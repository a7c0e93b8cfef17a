package dev.celeriac.client.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Results arrive more than once per task (STARTED, RETRY, a FAILURE sent twice); the slot copes.
 */
class ResultSlotTest {

  private static ResultMessage message(TaskState state, String value) {
    return new ResultMessage(
        "t-1",
        state,
        value == null ? JsonNodeFactory.instance.nullNode() : TextNode.valueOf(value),
        null,
        null);
  }

  @Test
  void followsStartedRetryStartedSuccessAsCeleryRetriesSendThem() {
    ResultSlot slot = new ResultSlot(self -> {});
    for (TaskState s :
        new TaskState[] {
          TaskState.STARTED, TaskState.RETRY, TaskState.STARTED, TaskState.RETRY, TaskState.STARTED
        }) {
      assertThat(slot.accept(message(s, null))).isTrue();
    }
    assertThat(slot.accept(message(TaskState.SUCCESS, "ok"))).isTrue();
    assertThat(slot.done()).isCompletedWithValueMatching(m -> m.result().asText().equals("ok"));
  }

  @Test
  void keepsTheFirstFinalStateWhenAFailureArrivesTwice() {
    ResultSlot slot = new ResultSlot(self -> {});
    assertThat(slot.accept(message(TaskState.FAILURE, "first"))).isTrue();
    assertThat(slot.accept(message(TaskState.FAILURE, "second"))).isFalse();
    assertThat(slot.latest().result().asText()).isEqualTo("first");
  }

  @Test
  void ignoresALateStartedAfterSuccess() {
    ResultSlot slot = new ResultSlot(self -> {});
    slot.accept(message(TaskState.SUCCESS, "done"));
    assertThat(slot.accept(message(TaskState.STARTED, null))).isFalse();
    assertThat(slot.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void cancelHandsTheSlotItselfToTheHook() {
    List<ResultSlot> cancelled = new ArrayList<>();
    ResultSlot slot = new ResultSlot(cancelled::add);
    slot.cancel();
    assertThat(cancelled).containsExactly(slot);
  }

  @Test
  void abandonFailsWaitersButNotAResultAlreadyFinal() {
    ResultSlot waiting = new ResultSlot(self -> {});
    waiting.abandon(new IllegalStateException("backend closed"));
    assertThat(waiting.done()).isCompletedExceptionally();
    assertThat(waiting.state()).isEqualTo(TaskState.PENDING);

    ResultSlot finished = new ResultSlot(self -> {});
    finished.accept(message(TaskState.SUCCESS, "done"));
    finished.abandon(new IllegalStateException("backend closed"));
    assertThat(finished.done())
        .isCompletedWithValueMatching(m -> m.result().asText().equals("done"));
  }
}
