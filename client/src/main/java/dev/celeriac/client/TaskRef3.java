package dev.celeriac.client;

import java.util.Arrays;
import java.util.List;

/**
 * A task with 3 parameters, typed from its method reference: {@code app.task(Tasks::method)}. It
 * offers what {@link TaskRef} does with the argument types checked; {@link #untyped()} gives
 * keyword arguments and dynamic calls.
 *
 * <pre>{@code
 * TaskRef3<Integer, Integer, Integer, Integer> sum3 = app.task(Tasks::sum3);
 * int six = sum3.delay(1, 2, 3).get(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskRef3<A, B, C, R> {

  private static final int ARITY = 3;

  private final TaskRef<R> untyped;

  TaskRef3(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /**
   * Sends the task; returns once the broker confirmed the message.
   *
   * @throws dev.celeriac.broker.PublishException when the broker did not confirm it
   */
  public AsyncResult<R> delay(A a, B b, C c) {
    return untyped.applyAsync(Arrays.asList(a, b, c), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(A a, B b, C c, TaskOptions options) {
    return untyped.applyAsync(Arrays.asList(a, b, c), options);
  }

  /**
   * Sends one call per argument list (3 arguments each, in parameter order) with pipelined
   * publisher confirms: publishes all, then awaits all. Returns once the broker confirmed every
   * message.
   *
   * @throws dev.celeriac.error.ConfigurationException when an argument list does not have 3
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

  /** A signature with all arguments; a chain or link still prepends the parent's result. */
  public Signature<R> s(A a, B b, C c) {
    return untyped.s(a, b, c);
  }

  /** A partial signature of the last 2 arguments: a chain or link prepends the parent's result. */
  public Signature<R> s(B b, C c) {
    return untyped.s(b, c);
  }

  /** A partial signature of the last 1 argument: a chain or link prepends the parent's result. */
  public Signature<R> s(C c) {
    return untyped.s(c);
  }

  /** A partial signature with no arguments: a chain or link supplies them all. */
  public Signature<R> s() {
    return untyped.s();
  }

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si(A a, B b, C c) {
    return untyped.si(a, b, c);
  }

  /**
   * Celery's {@code task.starmap(items)}: one {@code celery.starmap} message; the worker calls this
   * task with each argument list (3 arguments each) and returns the list of results.
   */
  public Signature<List<R>> starmap(Iterable<? extends List<?>> argLists) {
    return untyped.starmap(argLists, untyped.resultType());
  }

  /**
   * Celery's {@code task.chunks(items, n)}: a group of {@code celery.starmap} messages of up to
   * {@code n} argument lists each.
   */
  public Group<List<R>> chunks(List<? extends List<?>> argLists, int n) {
    return untyped.chunks(argLists, n, untyped.resultType());
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
    return "TaskRef3[" + name() + "]";
  }
}
