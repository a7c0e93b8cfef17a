package dev.celeriac.client;

import com.fasterxml.jackson.databind.JavaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A task to call by name, in any language, with untyped arguments.
 *
 * <pre>{@code
 * TaskRef<Integer> add = app.task("tasks.add", Integer.class);
 * AsyncResult<Integer> r = add.delay(5, 5);
 * add.applyAsync(List.of(5, 5), Map.of(), TaskOptions.builder().countdown(Duration.ofSeconds(3)).build());
 * }</pre>
 *
 * <p>Arguments are mapped to JSON with the app's Jackson mapper; the result is mapped back to
 * {@code R}. Immutable and thread-safe; get one from {@link Celeriac#task(String, Class)}.
 */
public final class TaskRef<R> {

  private final Celeriac app;
  private final String name;
  private final JavaType resultType;
  private final String queue;
  private final boolean ignoreResult;

  TaskRef(Celeriac app, String name, JavaType resultType, String queue, boolean ignoreResult) {
    this.app = app;
    this.name = name;
    this.resultType = resultType;
    this.queue = queue;
    this.ignoreResult = ignoreResult;
  }

  /** The task name on the wire. */
  public String name() {
    return name;
  }

  /**
   * Sends the task with positional arguments and returns once the broker confirmed the message.
   *
   * @throws dev.celeriac.broker.PublishException when the broker did not confirm it
   */
  public AsyncResult<R> delay(Object... args) {
    return applyAsync(Arrays.asList(args), Map.of(), TaskOptions.NONE);
  }

  /** Sends the task with positional and keyword arguments and per-call options. */
  public AsyncResult<R> applyAsync(List<?> args, Map<String, ?> kwargs, TaskOptions options) {
    return app.send(this, args, kwargs, options);
  }

  /** Sends the task with positional arguments and per-call options. */
  public AsyncResult<R> applyAsync(List<?> args, TaskOptions options) {
    return applyAsync(args, Map.of(), options);
  }

  JavaType resultType() {
    return resultType;
  }

  /** The queue from {@code @Task(queue=...)}, or null. */
  String defaultQueue() {
    return queue;
  }

  boolean ignoreResultByDefault() {
    return ignoreResult;
  }

  @Override
  public String toString() {
    return "TaskRef[" + name + "]";
  }
}
