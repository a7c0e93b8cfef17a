package dev.celeriac.test;

import dev.celeriac.Task;

/** Tasks as a user of Celeriac writes them; the tests of this module test them. */
public final class MathTasks {

  private MathTasks() {}

  @Task(name = "math.add")
  public static int add(int x, int y) {
    return x + y;
  }

  @Task(name = "math.mul")
  public static int mul(int x, int y) {
    return x * y;
  }

  /** Integer division: dividing by zero raises {@link ArithmeticException}. */
  @Task(name = "math.divide")
  public static int divide(int x, int y) {
    return x / y;
  }
}
