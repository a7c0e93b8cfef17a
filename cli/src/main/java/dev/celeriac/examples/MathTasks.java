package dev.celeriac.examples;

import dev.celeriac.Task;

/**
 * The tasks of the quick start: {@code celeriac -A dev.celeriac.examples.MathTasks worker}.
 *
 * <pre>{@code
 * try (Celeriac app = Celeriac.connect("amqp://guest:guest@localhost:5672//")) {
 *   int ten = app.task(MathTasks::add).delay(5, 5).get(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class MathTasks {

  private MathTasks() {}

  @Task(name = "tasks.add")
  public static int add(int x, int y) {
    return x + y;
  }

  @Task(name = "tasks.mul")
  public static long mul(long x, long y) {
    return x * y;
  }

  /** Sleeps, then sums: the SCOOP comparison's unit of work. */
  @Task(name = "tasks.sleep_sum")
  public static long sleepSum(java.util.List<Long> values, long sleepMillis)
      throws InterruptedException {
    Thread.sleep(sleepMillis);
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum;
  }

  /** Always fails, to show how failures travel back to the caller. */
  @Task(name = "tasks.fail")
  public static int fail(String message) {
    throw new IllegalArgumentException(message);
  }
}
