package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.state.TaskState;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The event table against Celery 5.2.6's own, copied here from its source. */
class TaskEventTypeTest {

  /** {@code celery/events/state.py}: {@code TASK_EVENT_TO_STATE}, keyed by the event's subject. */
  private static final Map<String, String> CELERY_TASK_EVENT_TO_STATE =
      Map.of(
          "sent", "PENDING",
          "received", "RECEIVED",
          "started", "STARTED",
          "failed", "FAILURE",
          "retried", "RETRY",
          "succeeded", "SUCCESS",
          "revoked", "REVOKED",
          "rejected", "REJECTED");

  /** {@code celery/states.py}: {@code READY_STATES} and {@code UNREADY_STATES}. */
  private static final Set<String> CELERY_READY_STATES = Set.of("SUCCESS", "FAILURE", "REVOKED");

  private static final Set<String> CELERY_UNREADY_STATES =
      Set.of("PENDING", "RECEIVED", "STARTED", "REJECTED", "RETRY");

  @Test
  void mapsEveryEventToTheStateCeleryMapsItTo() {
    Map<String, String> ours =
        Arrays.stream(TaskEventType.values())
            .collect(
                Collectors.toMap(
                    TaskEventType::subject, t -> t.state().wireName(), (a, b) -> a, TreeMap::new));
    assertThat(ours).isEqualTo(new TreeMap<>(CELERY_TASK_EVENT_TO_STATE));
  }

  @Test
  void anEventIsFinalExactlyWhenItsStateIsOneOfCeleryReadyStates() {
    for (TaskEventType type : TaskEventType.values()) {
      assertThat(type.isFinal())
          .as(type.wireName())
          .isEqualTo(CELERY_READY_STATES.contains(type.state().wireName()));
    }
    assertThat(TaskEventType.REJECTED.isFinal()).isFalse();
  }

  @Test
  void taskStatesSplitIntoReadyAndUnreadyAsCelerySplitsThem() {
    for (TaskState state : TaskState.values()) {
      String name = state.wireName();
      assertThat(CELERY_READY_STATES.contains(name) || CELERY_UNREADY_STATES.contains(name))
          .as(name + " is a Celery state")
          .isTrue();
      assertThat(state.isReady()).as(name).isEqualTo(CELERY_READY_STATES.contains(name));
    }
  }

  @Test
  void readsWireNamesAndGivesTheirRoutingKeys() {
    assertThat(TaskEventType.fromWire("task-succeeded")).contains(TaskEventType.SUCCEEDED);
    assertThat(TaskEventType.fromWire("task-custom")).isEmpty();
    assertThat(TaskEventType.fromWire("worker-online")).isEmpty();
    assertThat(TaskEventType.SUCCEEDED.routingKey()).isEqualTo("task.succeeded");
    assertThat(TaskEventType.SENT.fromClient()).isTrue();
    assertThat(TaskEventType.STARTED.fromClient()).isFalse();
    for (TaskEventType type : TaskEventType.values()) {
      assertThat(TaskEventType.fromWire(type.wireName())).contains(type);
      assertThat(type.wireName()).isEqualTo("task-" + type.subject());
    }
  }

  @Test
  void readsWorkerEventWireNames() {
    for (WorkerEventType type : WorkerEventType.values()) {
      assertThat(WorkerEventType.fromWire(type.wireName())).contains(type);
    }
    assertThat(WorkerEventType.fromWire("task-sent")).isEmpty();
  }
}
