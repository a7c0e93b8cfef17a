package dev.celeriac.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.test.EdgeTasks.Point;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eager mode ends a call as a worker does: the same calls, eagerly and on a real worker, give the
 * same value, or the same remote exception type, module and message.
 */
@CeleriacTest(tasks = {MathTasks.class, EdgeTasks.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EagerParityIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Celeriac onWorker;
  private final Celeriac eager = EagerCeleriac.of(MathTasks.class, EdgeTasks.class);

  EagerParityIT(Celeriac app) {
    this.onWorker = app;
  }

  @AfterAll
  void closeEagerApp() {
    eager.close();
  }

  /** A call by name, as any client in any language could make it. */
  record Call(String task, List<?> args, Map<String, ?> kwargs) {
    AsyncResult<Object> send(Celeriac app) {
      return app.task(task, Object.class).applyAsync(args, kwargs, TaskOptions.NONE);
    }

    @Override
    public String toString() {
      return task + args + kwargs;
    }
  }

  static List<Call> calls() {
    return List.of(
        new Call("math.add", List.of(2, 3), Map.of()),
        new Call("math.add", List.of(2), Map.of("y", 3)),
        new Call("edge.mirror", List.of(new Point(1, 2)), Map.of()),
        new Call("math.divide", List.of(1, 0), Map.of()),
        new Call("math.add", List.of(1, 2, 3), Map.of()),
        new Call("math.add", List.of(1), Map.of()),
        new Call("math.add", List.of(1), Map.of("x", 2)),
        new Call("math.add", List.of("two", 3), Map.of()),
        new Call("edge.reject", List.of(-1), Map.of()),
        new Call("edge.retry_fast", List.of(), Map.of()),
        new Call("edge.sleepy", List.of(), Map.of()),
        new Call("edge.loop", List.of(), Map.of()),
        new Call("nobody.knows", List.of(), Map.of()));
  }

  @ParameterizedTest
  @MethodSource("calls")
  void eagerModeEndsTheCallAsTheWorkerDoes(Call call) {
    // Retries are compared with edge.retry_fast only: a worker waits out each retry's countdown.
    String onWorkerOutcome = outcome(call.send(onWorker), r -> r.get(TIMEOUT));
    String eagerOutcome = outcome(call.send(eager), r -> r.get(Duration.ZERO));

    assertThat(eagerOutcome).isEqualTo(onWorkerOutcome);
  }

  private static String outcome(AsyncResult<Object> result, Function<AsyncResult<Object>, ?> get) {
    try {
      return "SUCCESS " + get.apply(result);
    } catch (TaskFailedException e) {
      return "FAILURE " + e.remote().qualifiedType() + ": " + e.remote().messageText();
    }
  }
}
