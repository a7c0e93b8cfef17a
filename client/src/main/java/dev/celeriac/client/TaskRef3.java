package dev.celeriac.client;

import java.util.Arrays;

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
public final class TaskRef3<A, B, C, R> extends TypedTaskRefWithArgs<R> {

  TaskRef3(TaskRef<R> untyped) {
    super(untyped, 3);
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

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si(A a, B b, C c) {
    return untyped.si(a, b, c);
  }
}
