package dev.celeriac.client;

import java.util.Arrays;
import java.util.List;

/**
 * A task with 1 parameter, typed from its method reference: {@code app.task(Tasks::method)}. It
 * offers what {@link TaskRef} does with the argument types checked; {@link #untyped()} gives
 * keyword arguments and dynamic calls.
 *
 * <pre>{@code
 * TaskRef1<Long, Long> square = app.task(Tasks::square);
 * long nine = square.delay(3L).get(Duration.ofSeconds(10));
 * List<Long> squares = square.map(List.of(1L, 2L, 3L)).delay().get(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskRef1<A, R> {

  private static final int ARITY = 1;

  private final TaskRef<R> untyped;

  TaskRef1(TaskRef<R> untyped) {
    this.untyped = untyped;
  }

  /**
   * Sends the task; returns once the broker confirmed the message.
   *
   * @throws dev.celeriac.broker.PublishException when the broker did not confirm it
   */
  public AsyncResult<R> delay(A a) {
    return untyped.applyAsync(Arrays.asList(a), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(A a, TaskOptions options) {
    return untyped.applyAsync(Arrays.asList(a), options);
  }

  /**
   * Sends one call per argument list (1 arguments each, in parameter order) with pipelined
   * publisher confirms: publishes all, then awaits all. Returns once the broker confirmed every
   * message.
   *
   * @throws dev.celeriac.error.ConfigurationException when an argument list does not have 1
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

  /**
   * Celery's {@code task.map(items)}: one {@code celery.map} message; the worker calls this task
   * with each item and returns the list of results.
   */
  public Signature<List<R>> map(Iterable<? extends A> items) {
    return untyped.map(items, untyped.resultType());
  }

  /**
   * Celery's {@code task.starmap(items)}: one {@code celery.starmap} message; the worker calls this
   * task with each argument list (1 arguments each) and returns the list of results.
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
    return "TaskRef1[" + name() + "]";
  }
}
