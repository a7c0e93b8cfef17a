package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.Task;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Compile-time check that {@code app.task(Class::method)} picks the right typed reference. */
class TaskRefOverloadsTest {

  static class MathTasks {
    @Task(name = "tasks.add")
    public static int add(int x, int y) {
      return x + y;
    }

    @Task
    public static String hello() {
      return "hello";
    }

    @Task
    public static long square(long x) {
      return x * x;
    }
  }

  @Test
  void methodReferencesSelectTypedReferencesByArity() {
    // Never applied: the point is that these lines compile without casts or ambiguity.
    Function<Celeriac, TaskRef2<Integer, Integer, Integer>> two = app -> app.task(MathTasks::add);
    Function<Celeriac, TaskRef0<String>> zero = app -> app.task(MathTasks::hello);
    Function<Celeriac, TaskRef1<Long, Long>> one = app -> app.task(MathTasks::square);
    assertThat(two).isNotNull();
    assertThat(zero).isNotNull();
    assertThat(one).isNotNull();
  }
}
