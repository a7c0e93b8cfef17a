package dev.celeriac.client;

import java.util.List;

/**
 * A task with 0 parameters, typed from its method reference: {@code app.task(Tasks::method)}.
 * Immutable and thread-safe.
 */
public final class TaskRef0<R> {

  private final TaskRef<R> untyped;

  TaskRef0(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /** Sends the task; returns once the broker confirmed the message. */
  public AsyncResult<R> delay() {
    return untyped.applyAsync(List.of(), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(TaskOptions options) {
    return untyped.applyAsync(List.of(), options);
  }

  /** A signature with all arguments; a chain or link still prepends the parent's result. */
  public Signature<R> s() {
    return untyped.s();
  }

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si() {
    return untyped.si();
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
