package dev.celeriac.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.error.TaskDefinitionException;
import dev.celeriac.state.TaskState;
import dev.celeriac.test.EdgeTasks.Point;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Eager mode without a broker: what a worker would do, done in the caller's thread. */
class EagerCeleriacTest {

  private static final Duration NO_WAIT = Duration.ZERO;

  private final Celeriac app = EagerCeleriac.of(MathTasks.class, EdgeTasks.class);

  @BeforeEach
  void forgetEarlierCalls() {
    EdgeTasks.RECORDED.clear();
    EdgeTasks.received = null;
  }

  @AfterEach
  void closeApp() {
    app.close();
  }

  @Test
  void taskHasRunAndSucceededWhenDelayReturns() {
    AsyncResult<Integer> sum = app.task(MathTasks::add).delay(2, 3);

    assertThat(sum.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(sum.get(NO_WAIT)).isEqualTo(5);
  }

  @Test
  void taskRunsInTheCallersThread() {
    assertThat(app.task(EdgeTasks::thread).delay().get(NO_WAIT))
        .isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void argumentsReachTheTaskAsACopyReadFromJson() {
    Point sent = new Point(1, 2);

    Point back = app.task(EdgeTasks::mirror).delay(sent).get(NO_WAIT);

    assertThat(back).isEqualTo(new Point(2, 1));
    assertThat(EdgeTasks.received).isEqualTo(sent).isNotSameAs(sent);
  }

  @Test
  void keywordArgumentsBindByParameterName() {
    String greeting =
        app.task("edge.greet", String.class)
            .applyAsync(List.of(), Map.of("greeting", "Hello", "name", "Ada"), TaskOptions.NONE)
            .get(NO_WAIT);

    assertThat(greeting).isEqualTo("Hello, Ada");
  }

  @Test
  void taskSeesItsOwnContext() {
    AsyncResult<String> call = app.task(EdgeTasks::context).delay();

    assertThat(call.get(NO_WAIT)).isEqualTo(call.id());
  }

  @Test
  void taskThatRaisesFailsWithItsExceptionTypeModuleAndMessage() {
    AsyncResult<Integer> quotient = app.task(MathTasks::divide).delay(1, 0);

    assertThat(quotient.state()).isEqualTo(TaskState.FAILURE);
    assertThatThrownBy(() -> quotient.get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.taskName()).isEqualTo("math.divide");
              assertThat(e.remoteType()).isEqualTo("ArithmeticException");
              assertThat(e.remoteModule()).isEqualTo("java.lang");
              assertThat(e.remote().messageText()).isEqualTo("/ by zero");
              assertThat(e.traceback()).contains("MathTasks.divide");
            });
  }

  @Test
  void tooManyArgumentsFailWithTheWorkersTypeError() {
    assertTypeError(
        app.task("math.add", Integer.class).delay(1, 2, 3),
        "math.add() takes 2 positional arguments but 3 were given");
  }

  @Test
  void missingArgumentsFailWithTheWorkersTypeError() {
    assertTypeError(
        app.task("math.add", Integer.class).delay(1),
        "math.add() missing 1 required argument: 'y'");
  }

  @Test
  void unknownKeywordArgumentFailsWithTheWorkersTypeError() {
    assertTypeError(
        app.task("math.add", Integer.class)
            .applyAsync(List.of(1), Map.of("z", 2), TaskOptions.NONE),
        "math.add() got an unexpected keyword argument 'z'");
  }

  @Test
  void argumentOfTheWrongTypeFailsWithTheWorkersTypeError() {
    AsyncResult<Integer> call = app.task("math.add", Integer.class).delay("two", 3);

    assertThatThrownBy(() -> call.get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("TypeError");
              assertThat(e.remote().messageText())
                  .startsWith("math.add() argument 'x' cannot be read as int from \"two\"");
            });
  }

  @Test
  void taskOfAClassNotGivenFailsWithNotRegistered() {
    AsyncResult<Integer> call = app.task("billing.charge", Integer.class).delay(10);

    assertThatThrownBy(() -> call.get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remote().qualifiedType()).isEqualTo("celery.exceptions.NotRegistered");
              assertThat(e.remote().messageText()).isEqualTo("billing.charge");
            });
  }

  @Test
  void retryRunsTheTaskAgainAtOnceIgnoringTheCountdown() {
    AsyncResult<Integer> call = app.task(EdgeTasks::flaky).delay(2);

    assertThat(call.get(NO_WAIT)).isEqualTo(2); // the countdown is 30 s: it was not waited
  }

  @Test
  void retriesRunOutIntoAFailureWithTheCause() {
    assertThatThrownBy(() -> app.task(EdgeTasks::alwaysRetry).delay().get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remote().qualifiedType()).isEqualTo("java.io.IOException");
              assertThat(e.remote().messageText()).isEqualTo("still down");
            });
  }

  @Test
  void autoretryForRetriesTheListedException() {
    assertThat(app.task(EdgeTasks::autoRetry).delay().get(NO_WAIT)).isEqualTo(2);
  }

  @Test
  void rejectFailsWithCeleryReject() {
    assertThatThrownBy(() -> app.task(EdgeTasks::reject).delay(-1).get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remote().qualifiedType()).isEqualTo("celery.exceptions.Reject");
              assertThat(e.remote().messageText()).isEqualTo("negative total -1");
            });
  }

  @Test
  void resultThatCannotBeWrittenAsJsonFailsTheTask() {
    assertThatThrownBy(() -> app.task(EdgeTasks::loop).delay().get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("IllegalStateException");
              assertThat(e.remote().messageText())
                  .startsWith("task result cannot be written as JSON");
            });
  }

  @Test
  void chainPassesEachResultToTheNextStep() {
    var add = app.task(MathTasks::add);
    var mul = app.task(MathTasks::mul);

    AsyncResult<Integer> last = Canvas.<Integer>chain(add.s(1, 2), mul.s(10)).applyAsync();

    assertThat(last.get(NO_WAIT)).isEqualTo(30);
  }

  @Test
  void chainStopsAtAFailedStepAndFailsWithItsError() {
    var divide = app.task(MathTasks::divide);
    var add = app.task(MathTasks::add);

    AsyncResult<Integer> last = Canvas.<Integer>chain(divide.s(1, 0), add.s(1)).applyAsync();

    assertThatThrownBy(() -> last.get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> assertThat(e.remoteType()).isEqualTo("ArithmeticException"));
  }

  @Test
  void groupRunsEveryMember() {
    var add = app.task(MathTasks::add);

    List<Integer> sums = Canvas.group(add.s(1, 1), add.s(2, 2)).applyAsync().get(NO_WAIT);

    assertThat(sums).containsExactly(2, 4);
  }

  @Test
  void linkedCallbackGetsTheResultAndErrbackTheFailedTasksId() {
    var record = app.task(EdgeTasks::record);

    app.task(MathTasks::add).s(2, 2).link(record.s()).delay().get(NO_WAIT);
    AsyncResult<Integer> failed = app.task(MathTasks::divide).s(1, 0).linkError(record.s()).delay();

    assertThat(EdgeTasks.RECORDED).containsExactly(4, failed.id());
  }

  @Test
  void taskDeclaredIgnoreResultRunsButLeavesNoResult() {
    int before = EdgeTasks.QUIET_RUNS.get();

    AsyncResult<Integer> call = app.task(EdgeTasks::quiet).delay();

    assertThat(EdgeTasks.QUIET_RUNS.get()).isEqualTo(before + 1);
    assertThatThrownBy(() -> call.get(NO_WAIT))
        .isInstanceOf(CeleriacException.class)
        .hasMessageContaining("ignoreResult");
  }

  @Test
  void starmapRunsEagerlyAsAWorkerRunsIt() {
    var starmap =
        app.task(MathTasks::add)
            .untyped()
            .starmap(List.of(List.of(1, 2), List.of(3, 4)), Integer.class);

    assertThat(starmap.delay().get(NO_WAIT)).containsExactly(3, 7);
  }

  @Test
  void countdownIsNotWaited() {
    TaskOptions inAnHour = TaskOptions.builder().countdown(Duration.ofHours(1)).build();

    AsyncResult<Integer> sum = app.task(MathTasks::add).applyAsync(1, 1, inAnHour);

    assertThat(sum.get(NO_WAIT)).isEqualTo(2);
  }

  @Test
  void softTimeLimitInterruptsTheTaskAndFailsItAsOnAWorker() {
    AsyncResult<String> call = app.task(EdgeTasks::sleepy).delay();

    assertThatThrownBy(() -> call.get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e ->
                assertThat(e.remote().qualifiedType())
                    .isEqualTo("celery.exceptions.SoftTimeLimitExceeded"));
    assertThat(Thread.currentThread().isInterrupted())
        .as("the interrupt meant for the task is not left on the caller's thread")
        .isFalse();
  }

  @Test
  void taskThatCallsATaskAndWaitsForItGetsItsResult() {
    assertThat(app.task(EdgeTasks::addThroughSubtask).delay(20, 22).get(NO_WAIT)).isEqualTo(42);
  }

  @Test
  void futuresMapReduceRunsEagerly() {
    var square = app.task(EdgeTasks::square).untyped();

    int sum = app.futures().mapReduce(square, Integer::sum, List.of(1, 2, 3, 4));

    assertThat(sum).isEqualTo(30);
  }

  @Test
  void brokerFeaturesAreRefusedWithAReason() {
    assertThatThrownBy(app::control)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("needs a broker connection");
    assertThatThrownBy(() -> app.revoke("task-1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("needs a broker connection");
  }

  @Test
  void classWithoutTasksIsRefusedAsAWorkerWouldRefuseIt() {
    assertThatThrownBy(() -> EagerCeleriac.of(String.class))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining("java.lang.String has no @Task methods");
  }

  private static void assertTypeError(AsyncResult<?> call, String message) {
    assertThatThrownBy(() -> call.get(NO_WAIT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remote().qualifiedType()).isEqualTo("builtins.TypeError");
              assertThat(e.remote().messageText()).isEqualTo(message);
            });
  }
}
