package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.Task;
import dev.celeriac.TaskContext;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.worker.TaskRegistry;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkRunnerTest {

  /** Tasks for the chunk tests. */
  public static final class ChunkTasks {
    static final CyclicBarrier BARRIER = new CyclicBarrier(4);

    @Task(name = "t.square")
    public static long square(long x) {
      if (x < 0) {
        throw new IllegalArgumentException("negative: " + x);
      }
      return x * x;
    }

    @Task(name = "t.add")
    public static long add(long x, long y) {
      return x + y;
    }

    /** Returns only once four items wait together: proves the items run at once. */
    @Task(name = "t.together")
    public static long together(long x) throws Exception {
      BARRIER.await(10, TimeUnit.SECONDS);
      return x;
    }
  }

  private final ObjectMapper json = CeleryJson.mapper();
  private final ChunkRunner runner =
      new ChunkRunner(
          TaskRegistry.builder().add(ChunkTasks.class).build(),
          new ArgumentBinder(json),
          json,
          TaskScope.NONE);
  private final TaskContext context =
      new TaskContext("id", "celeriac.chunk", 0, "id", null, null, "test@host");

  private ObjectNode kwargs(String task, String combiner, long... items) {
    ObjectNode kwargs = json.createObjectNode().put("task", task);
    ArrayNode it = kwargs.putArray("it");
    for (long item : items) {
      it.add(item);
    }
    if (combiner != null) {
      kwargs.put("combiner", combiner);
    }
    return kwargs;
  }

  private ObjectNode run(ObjectNode kwargs) throws Exception {
    return runner.run(json.createArrayNode(), kwargs, context, "q", null);
  }

  @Test
  void returnsAValuePerItemInOrderAndFailedItemsAsData() throws Exception {
    ObjectNode result = run(kwargs("t.square", null, 1, -2, 3));
    assertThat(result.get("values").toString()).isEqualTo("[1,null,9]");
    assertThat(result.get("errors")).hasSize(1);
    assertThat(result.get("errors").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(result.get("errors").get(0).get("exc_type").asText())
        .isEqualTo("IllegalArgumentException");
    assertThat(result.get("errors").get(0).get("exc_message").toString())
        .isEqualTo("[\"negative: -2\"]");
  }

  @Test
  void foldsTheSuccessfulValuesWithTheCombiner() throws Exception {
    ObjectNode result = run(kwargs("t.square", "t.add", 1, 2, -1, 3));
    assertThat(result.get("combined").asLong()).isEqualTo(14);
    assertThat(result.get("count").asInt()).isEqualTo(3);
    assertThat(result.get("errors")).hasSize(1);
  }

  @Test
  void runsTheItemsOfAChunkAtOnce() throws Exception {
    ObjectNode result = run(kwargs("t.together", null, 1, 2, 3, 4));
    assertThat(result.get("errors")).isEmpty();
    assertThat(result.get("values").toString()).isEqualTo("[1,2,3,4]");
  }

  @Test
  void rejectsUnknownTasksAndCombinersThatDoNotTakeTwoResults() {
    assertThatThrownBy(() -> run(kwargs("t.missing", null, 1)))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("'t.missing' is not registered");
    assertThatThrownBy(() -> run(kwargs("t.square", "t.square", 1)))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("must take two results");
    assertThatThrownBy(() -> run(json.createObjectNode().put("task", "t.square")))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("takes keyword arguments");
  }
}
