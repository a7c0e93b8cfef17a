package dev.celeriac.client;

/**
 * A task with 1 parameter, typed from its method reference: {@code app.task(Tasks::method)}.
 * Immutable and thread-safe.
 */
public final class TaskRef1<A, R> {

  private final TaskRef<R> untyped;

  TaskRef1(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /** Sends the task; returns once the broker confirmed the message. */
  public AsyncResult<R> delay(A a) {
    return untyped.applyAsync(java.util.Arrays.asList(a), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(A a, TaskOptions options) {
    return untyped.applyAsync(java.util.Arrays.asList(a), options);
  }

  /** A signature with all arguments; a chain or link still prepends the parent's result. */
  public Signature<R> s(A a) {
    return untyped.s(a);
  }

  /** A partial signature with no arguments: a chain or link supplies them all. */
  public Signature<R> s() {
    return untyped.s();
  }

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si(A a) {
    return untyped.si(a);
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
