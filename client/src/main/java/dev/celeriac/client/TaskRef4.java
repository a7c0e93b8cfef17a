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

  /** A signature with all arguments; a chain or link still prepends the parent's result. */
  public Signature<R> s(A a, B b, C c, D d) {
    return untyped.s(a, b, c, d);
  }

  /** A partial signature of the last 3 arguments: a chain or link prepends the parent's result. */
  public Signature<R> s(B b, C c, D d) {
    return untyped.s(b, c, d);
  }

  /** A partial signature of the last 2 arguments: a chain or link prepends the parent's result. */
  public Signature<R> s(C c, D d) {
    return untyped.s(c, d);
  }

  /** A partial signature of the last 1 argument: a chain or link prepends the parent's result. */
  public Signature<R> s(D d) {
    return untyped.s(d);
  }

  /** A partial signature with no arguments: a chain or link supplies them all. */
  public Signature<R> s() {
    return untyped.s();
  }

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si(A a, B b, C c, D d) {
    return untyped.si(a, b, c, d);
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
