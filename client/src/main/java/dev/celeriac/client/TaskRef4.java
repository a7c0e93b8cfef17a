package dev.celeriac.client;

/**
 * A task with 4 parameters, typed from its method reference: {@code app.task(Tasks::method)}.
 * Immutable and thread-safe.
 */
public final class TaskRef4<A, B, C, D, R> {

  private final TaskRef<R> untyped;

  TaskRef4(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /** Sends the task; returns once the broker confirmed the message. */
  public AsyncResult<R> delay(A a, B b, C c, D d) {
    return untyped.applyAsync(java.util.Arrays.asList(a, b, c, d), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(A a, B b, C c, D d, TaskOptions options) {
    return untyped.applyAsync(java.util.Arrays.asList(a, b, c, d), options);
  }

  /** The same task with untyped arguments (keyword arguments, dynamic calls). */
  public TaskRef<R> untyped() {
    return untyped;
  }

  /** The task name on the wire. */
  public String name() {
    return untyped.name();
  }
}
