package dev.celeriac.client;

import java.io.Serializable;

/**
 * Shapes of {@code @Task} methods for typed task references: {@code app.task(MathTasks::add)} picks
 * the shape from the method's parameter count. They are serializable so that Celeriac can find the
 * referenced method and read its {@code @Task} annotation; Celeriac never calls them.
 */
public final class TaskMethod {

  private TaskMethod() {}

  /** A task with no parameters. */
  @FunctionalInterface
  public interface Of0<R> extends Serializable {
    R call() throws Exception;
  }

  /** A task with one parameter. */
  @FunctionalInterface
  public interface Of1<A, R> extends Serializable {
    R call(A a) throws Exception;
  }

  /** A task with two parameters. */
  @FunctionalInterface
  public interface Of2<A, B, R> extends Serializable {
    R call(A a, B b) throws Exception;
  }

  /** A task with three parameters. */
  @FunctionalInterface
  public interface Of3<A, B, C, R> extends Serializable {
    R call(A a, B b, C c) throws Exception;
  }

  /** A task with four parameters. */
  @FunctionalInterface
  public interface Of4<A, B, C, D, R> extends Serializable {
    R call(A a, B b, C c, D d) throws Exception;
  }
}
