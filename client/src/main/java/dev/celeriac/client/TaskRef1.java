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
public final class TaskRef1<A, R> extends TypedTaskRefWithArgs<R> {

  TaskRef1(TaskRef<R> untyped) {
    super(untyped, 1);
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

  /** A signature with all arguments; a chain or link still prepends the parent's result. */
  public Signature<R> s(A a) {
    return untyped.s(a);
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
}
