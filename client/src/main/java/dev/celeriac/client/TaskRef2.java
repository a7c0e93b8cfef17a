package dev.celeriac.client;

import java.util.Arrays;
import java.util.List;

/**
 * A task with 2 parameters, typed from its method reference: {@code app.task(Tasks::method)}. It
 * offers what {@link TaskRef} does with the argument types checked; {@link #untyped()} gives
 * keyword arguments and dynamic calls.
 *
 * <pre>{@code
 * TaskRef2<Integer, Integer, Integer> add = app.task(Tasks::add);
 * int ten = add.delay(5, 5).get(Duration.ofSeconds(10));
 * List<AsyncResult<Integer>> sums = add.delayAll(List.of(List.of(1, 2), List.of(3, 4)));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskRef2<A, B, R> {

  private static final int ARITY = 2;

  private final TaskRef<R> untyped;

  TaskRef2(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /**
   * Sends the task; returns once the broker confirmed the message.
   *
   * @throws dev.celeriac.broker.PublishException when the broker did not confirm it
   */
  public AsyncResult<R> delay(A a, B b) {
    return untyped.applyAsync(Arrays.asList(a, b), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(A a, B b, TaskOptions options) {
    return untyped.applyAsync(Arrays.asList(a, b), options);
  }

  /**
   * Sends one call per argument list (2 arguments each, in parameter order) with pipelined
   * publisher confirms: publishes all, then awaits all. Returns once the broker confirmed every
   * message.
   *
   * @throws dev.celeriac.error.ConfigurationException when an argument list does not have 2
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

  /**
   * Celery's {@code task.starmap(items)}: one {@code celery.starmap} message; the worker calls this
   * task with each argument list (2 arguments each) and returns the list of results.
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
    return "TaskRef2[" + name() + "]";
  }
}
