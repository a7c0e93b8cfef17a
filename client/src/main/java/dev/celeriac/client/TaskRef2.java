package dev.celeriac.client;

/**
 * A task with 2 parameters, typed from its method reference: {@code app.task(Tasks::method)}.
 * Immutable and thread-safe.
 */
public final class TaskRef2<A, B, R> {

  private final TaskRef<R> untyped;

  TaskRef2(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /** Sends the task; returns once the broker confirmed the message. */
  public AsyncResult<R> delay(A a, B b) {
    return untyped.applyAsync(java.util.Arrays.asList(a, b), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(A a, B b, TaskOptions options) {
    return untyped.applyAsync(java.util.Arrays.asList(a, b), options);
  }

  /** A signature with all arguments; a chain or link still prepends the parent's result. */
  public Signature<R> s(A a, B b) {
    return untyped.s(a, b);
  }

  /** A partial signature of the last 1 argument: a chain or link prepends the parent's result. */
  public Signature<R> s(B b) {
    return untyped.s(b);
  }

  /** A partial signature with no arguments: a chain or link supplies them all. */
  public Signature<R> s() {
    return untyped.s();
  }

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si(A a, B b) {
    return untyped.si(a, b);
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
