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
public final class TaskRef0<R> extends TypedTaskRef<R> {

  TaskRef0(TaskRef<R> untyped) {
    super(untyped, 0);
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

  /** An immutable signature: chains and links leave its arguments as they are. */
  public Signature<R> si() {
    return untyped.si();
  }
}
