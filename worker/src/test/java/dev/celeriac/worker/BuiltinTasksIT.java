package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Celery's built-in celery.map and celery.starmap, as a Python client sends them. */
class BuiltinTasksIT {

  private QueueFixture fixture;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-builtin").withWorker(w -> w.concurrency(2));
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** A signature as Celery encodes it. */
  private static Map<String, Object> signature(String task) {
    Map<String, Object> sig = new LinkedHashMap<>();
    sig.put("task", task);
    sig.put("args", List.of());
    sig.put("kwargs", Map.of());
    sig.put("options", Map.of());
    sig.put("subtask_type", null);
    sig.put("immutable", false);
    return sig;
  }

  @Test
  void starmapRunsTheTaskOverArgumentListsInOrder() {
    List<Integer> sums =
        app.task("celery.starmap", new TypeReference<List<Integer>>() {})
            .applyAsync(
                List.of(),
                Map.of(
                    "task",
                    signature("it.add"),
                    "it",
                    List.of(List.of(1, 2), List.of(3, 4), List.of(5, 6))),
                TaskOptions.NONE)
            .get(Duration.ofSeconds(20));
    assertThat(sums).containsExactly(3, 7, 11);
  }

  @Test
  void mapPassesEachItemAsTheOnlyArgument() {
    List<Map<String, Integer>> mirrored =
        app.task("celery.map", new TypeReference<List<Map<String, Integer>>>() {})
            .applyAsync(
                List.of(),
                Map.of("task", signature("it.mirror"), "it", List.of(Map.of("x", 1, "y", 2))),
                TaskOptions.NONE)
            .get(Duration.ofSeconds(20));
    assertThat(mirrored).containsExactly(Map.of("x", 2, "y", 1));
  }

  @Test
  void starmapOfAnUnknownTaskFailsWithTypeError() {
    assertThatThrownBy(
            () ->
                app.task("celery.starmap", Object.class)
                    .applyAsync(
                        List.of(),
                        Map.of("task", signature("it.nope"), "it", List.of()),
                        TaskOptions.NONE)
                    .get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("TypeError");
              assertThat(e.getMessage()).contains("'it.nope' is not registered");
            });
  }

  @Test
  void anInnerFailureFailsTheWholeCall() {
    assertThatThrownBy(
            () ->
                app.task("celery.map", Object.class)
                    .applyAsync(
                        List.of(),
                        Map.of("task", signature("it.fail"), "it", List.of("boom")),
                        TaskOptions.NONE)
                    .get(Duration.ofSeconds(20)))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> assertThat(e.remoteType()).isEqualTo("IllegalStateException"));
  }
}
