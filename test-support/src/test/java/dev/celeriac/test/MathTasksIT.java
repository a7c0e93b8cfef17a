package dev.celeriac.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Canvas;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Integration tests of {@link MathTasks} on a real broker, with a worker started for the class. */
@CeleriacTest(tasks = MathTasks.class, concurrency = 2)
class MathTasksIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void addRunsOnTheWorker(Celeriac app) {
    assertThat(app.task(MathTasks::add).delay(2, 3).get(TIMEOUT)).isEqualTo(5);
  }

  @Test
  void divisionByZeroFailsWithTheTasksException(Celeriac app) {
    AsyncResult<Integer> quotient = app.task(MathTasks::divide).delay(1, 0);

    assertThatThrownBy(() -> quotient.get(TIMEOUT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remote().qualifiedType()).isEqualTo("java.lang.ArithmeticException");
              assertThat(e.remote().messageText()).isEqualTo("/ by zero");
            });
  }

  @Test
  void wrongArgumentCountFailsWithTheWorkersTypeError(Celeriac app) {
    AsyncResult<Integer> call = app.task("math.add", Integer.class).delay(1, 2, 3);

    assertThatThrownBy(() -> call.get(TIMEOUT))
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remote().qualifiedType()).isEqualTo("builtins.TypeError");
              assertThat(e.remote().messageText())
                  .isEqualTo("math.add() takes 2 positional arguments but 3 were given");
            });
  }

  @Test
  void chainRunsStepByStepOnTheWorker(Celeriac app) {
    var add = app.task(MathTasks::add);
    var mul = app.task(MathTasks::mul);

    assertThat(Canvas.<Integer>chain(add.s(1, 2), mul.s(10)).applyAsync().get(TIMEOUT))
        .isEqualTo(30);
  }

  @Test
  void countdownIsHeldByTheBrokerBeforeTheTaskRuns(Celeriac app) {
    Instant sent = Instant.now();

    int sum =
        app.task(MathTasks::add)
            .applyAsync(1, 1, TaskOptions.builder().countdown(Duration.ofSeconds(2)).build())
            .get(TIMEOUT);

    assertThat(sum).isEqualTo(2);
    assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theWorkerConsumesAQueueOfThisClassOnly(Worker worker, Celeriac app) {
    assertThat(worker.queues()).singleElement().asString().startsWith("celeriac-test.MathTasksIT.");
    long before = worker.processed();

    app.task(MathTasks::add).delay(4, 4).get(TIMEOUT);

    await().atMost(TIMEOUT).until(() -> worker.processed() > before);
  }
}
