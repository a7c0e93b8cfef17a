package dev.celeriac.client;

import java.util.List;

/**
 * A task with 0 parameters, typed from its method reference: {@code app.task(Tasks::method)}. It
 * offers what {@link TaskRef} does with the argument types checked; {@link #untyped()} gives
 * keyword arguments and dynamic calls.
 *
 * <pre>{@code
 * TaskRef0<String> hello = app.task(Tasks::hello);
 * String greeting = hello.delay().get(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskRef0<R> {

  private static final int ARITY = 0;

  private final TaskRef<R> untyped;

  TaskRef0(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /**
   * Sends the task; returns once the broker confirmed the message.
   *
   * @throws dev.celeriac.broker.PublishException when the broker did not confirm it
   */
  public AsyncResult<R> delay() {
    return untyped.applyAsync(List.of(), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(TaskOptions options) {
    return untyped.applyAsync(List.of(), options);
  }

  /**
   * Sends one call per argument list (0 arguments each, in parameter order) with pipelined
   * publisher confirms: publishes all, then awaits all. Returns once the broker confirmed every
   * message.
   *
   * @throws dev.celeriac.error.ConfigurationException when an argument list does not have 0
   *     arguments
   * @throws dev.celeriac.broker.PublishException when any message is not confirmed
   */
  public List<AsyncResult<R>> delayAll(Iterable<? extends List<?>> argLists) {
    return delayAll(argLists, TaskOptions.NONE);
  }

  /** {@link #delayAll(Iterable)} with options for every call (a task id option is refused). */
  public List<AsyncResult<R>> delayAll(Iterable<? extends List<?>> argLists, TaskOptions options) {
    return untyped.delayAll(argLists, options, ARITY);
  }

  /** A signature of the call; a chain or link still prepends the parent's result. */
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

  @Override
  public String toString() {
    return "TaskRef0[" + name() + "]";
  }
}
