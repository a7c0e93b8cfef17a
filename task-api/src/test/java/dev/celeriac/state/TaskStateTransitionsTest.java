package dev.celeriac.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskStateTransitionsTest {

  @Test
  void finalStatesStayFinal() {
    for (TaskState from : TaskState.values()) {
      if (!from.isReady()) {
        continue;
      }
      for (TaskState to : TaskState.values()) {
        assertThat(TaskStateTransitions.isAllowed(from, to)).as(from + " -> " + to).isFalse();
      }
    }
  }

  @Test
  void aRejectedAndRequeuedTaskIsReceivedAndRunAgain() {
    assertThat(TaskStateTransitions.isAllowed(TaskState.STARTED, TaskState.REJECTED)).isTrue();
    assertThat(TaskStateTransitions.isAllowed(TaskState.REJECTED, TaskState.RECEIVED)).isTrue();
    assertThat(TaskStateTransitions.isAllowed(TaskState.REJECTED, TaskState.SUCCESS)).isTrue();
  }

  @Test
  void nothingMovesATaskBackToPending() {
    for (TaskState from : TaskState.values()) {
      assertThat(TaskStateTransitions.isAllowed(from, TaskState.PENDING)).as(from.name()).isFalse();
    }
  }
}
