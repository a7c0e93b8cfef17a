package dev.celeriac.client;

import java.util.Arrays;

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
public final class TaskRef2<A, B, R> extends TypedTaskRefWithArgs<R> {

  TaskRef2(TaskRef<R> untyped) {
    super(untyped, 2);
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

  /** A signature with all arguments; a chain or link still prepends the parent's result. */
  public Signature<R> s(A a, B b) {
    return untyped.s(a, b);
  }

  /** A partial signature of the last 1 argument: a chain or link prepends the parent's result. */
  public Signature<R> s(B b) {
    return untyped.s(b);
  }

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si(A a, B b) {
    return untyped.si(a, b);
  }
}
