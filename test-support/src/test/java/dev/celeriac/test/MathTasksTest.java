package dev.celeriac.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link MathTasks} in eager mode: no broker, tasks run in the test's thread. */
class MathTasksTest {

  private final Celeriac app = EagerCeleriac.of(MathTasks.class);

  @AfterEach
  void closeApp() {
    app.close();
  }

  @Test
  void addReturnsTheSum() {
    assertThat(app.task(MathTasks::add).delay(2, 3).get()).isEqualTo(5);
  }

  @Test
  void divisionByZeroFailsWithTheTasksException() {
    assertThatThrownBy(() -> app.task(MathTasks::divide).delay(1, 0).get())
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("ArithmeticException");
              assertThat(e.remote().messageText()).isEqualTo("/ by zero");
            });
  }

  @Test
  void wrongArgumentCountFailsWithTheWorkersTypeError() {
    var add = app.task("math.add", Integer.class); // by name: the compiler cannot stop this call
    assertThatThrownBy(() -> add.delay(1, 2, 3).get())
        .isInstanceOfSatisfying(
            TaskFailedException.class,
            e -> {
              assertThat(e.remoteType()).isEqualTo("TypeError");
              assertThat(e.remote().messageText())
                  .isEqualTo("math.add() takes 2 positional arguments but 3 were given");
            });
  }
}
