package dev.celeriac.client;

import java.util.Arrays;

/**
 * A task with 4 parameters, typed from its method reference: {@code app.task(Tasks::method)}. It
 * offers what {@link TaskRef} does with the argument types checked; {@link #untyped()} gives
 * keyword arguments and dynamic calls.
 *
 * <pre>{@code
 * TaskRef4<Integer, Integer, Integer, Integer, Integer> sum4 = app.task(Tasks::sum4);
 * int ten = sum4.delay(1, 2, 3, 4).get(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskRef4<A, B, C, D, R> extends TypedTaskRefWithArgs<R> {

  TaskRef4(TaskRef<R> untyped) {
    super(untyped, 4);
  }

  /**
   * Sends the task; returns once the broker confirmed the message.
   *
   * @throws dev.celeriac.broker.PublishException when the broker did not confirm it
   */
  public AsyncResult<R> delay(A a, B b, C c, D d) {
    return untyped.applyAsync(Arrays.asList(a, b, c, d), TaskOptions.NONE);
  }

  /** Sends the task with per-call options. */
  public AsyncResult<R> applyAsync(A a, B b, C c, D d, TaskOptions options) {
    return untyped.applyAsync(Arrays.asList(a, b, c, d), options);
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

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si(A a, B b, C c, D d) {
    return untyped.si(a, b, c, d);
  }
}
