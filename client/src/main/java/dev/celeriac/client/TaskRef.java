package dev.celeriac.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.celeriac.error.ConfigurationException;
import java.util.ArrayList;
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
    return app.calls().apply(signature(args, kwargs, false), options);
  }

  /**
   * Sends one call per argument list with pipelined publisher confirms (publish all, then await
   * all): the fast path for many tasks. Returns once the broker confirmed every message.
   *
   * <pre>{@code
   * List<AsyncResult<Integer>> sums = add.delayAll(List.of(List.of(1, 2), List.of(3, 4)));
   * }</pre>
   */
  public List<AsyncResult<R>> delayAll(Iterable<? extends List<?>> argLists) {
    return delayAll(argLists, TaskOptions.NONE);
  }

  /** {@link #delayAll(Iterable)} with options for every call (a task id option is refused). */
  public List<AsyncResult<R>> delayAll(Iterable<? extends List<?>> argLists, TaskOptions options) {
    return delayAll(argLists, options, -1);
  }

  /**
   * {@link #delayAll(Iterable, TaskOptions)} for a typed reference, whose every call must pass
   * {@code arity} arguments (-1: any number).
   */
  List<AsyncResult<R>> delayAll(
      Iterable<? extends List<?>> argLists, TaskOptions options, int arity) {
    ConfigurationException.require(
        options.taskId() == null, "delayAll sends many tasks: give no taskId option");
    List<Signature<R>> signatures = new ArrayList<>();
    for (List<?> args : argLists) {
      // Not require(condition, message): the message prints the arguments, and building it for
      // every valid call cost 7 % of the client's CPU when mapping over long lists.
      if (arity >= 0 && args.size() != arity) {
        throw new ConfigurationException(
            name
                + " takes "
                + arity
                + " argument(s); argument list "
                + signatures.size()
                + " has "
                + args.size()
                + ": "
                + args);
      }
      signatures.add(signature(args, Map.of(), false));
    }
    return app.calls().applyAll(signatures, options);
  }

  /** Sends the task with positional arguments and per-call options. */
  public AsyncResult<R> applyAsync(List<?> args, TaskOptions options) {
    return applyAsync(args, Map.of(), options);
  }

  /** A signature of this task with these arguments: a chain prepends the parent's result. */
  public Signature<R> s(Object... args) {
    return signature(Arrays.asList(args), Map.of(), false);
  }

  /** An immutable signature: chains and callbacks do not pass the parent's result. */
  public Signature<R> si(Object... args) {
    return signature(Arrays.asList(args), Map.of(), true);
  }

  /** A signature with keyword arguments too. */
  public Signature<R> signature(List<?> args, Map<String, ?> kwargs, boolean immutable) {
    Signature<R> sig =
        Signature.of(
            app,
            name,
            app.json().valueToTree(args == null ? List.of() : args),
            app.json().valueToTree(kwargs == null ? Map.of() : kwargs),
            queue,
            immutable,
            resultType);
    return ignoreResult
        ? sig.withOption("ignore_result", com.fasterxml.jackson.databind.node.BooleanNode.TRUE)
        : sig;
  }

  /**
   * Celery's {@code task.map(items)}: one {@code celery.map} message; the worker calls this task
   * with each item and returns the list of results.
   */
  public <T> Signature<List<T>> map(Iterable<?> items, Class<T> elementType) {
    return map(items, app.json().constructType(elementType));
  }

  <T> Signature<List<T>> map(Iterable<?> items, JavaType elementType) {
    return builtin("celery.map", items, elementType);
  }

  /** Celery's {@code task.starmap(items)}: like {@link #map} with each item an argument list. */
  public <T> Signature<List<T>> starmap(Iterable<? extends List<?>> items, Class<T> elementType) {
    return starmap(items, app.json().constructType(elementType));
  }

  <T> Signature<List<T>> starmap(Iterable<? extends List<?>> items, JavaType elementType) {
    return builtin("celery.starmap", items, elementType);
  }

  /**
   * Celery's {@code task.chunks(items, n)}: a group of {@code celery.starmap} messages of up to
   * {@code n} argument lists each.
   */
  public <T> Group<List<T>> chunks(List<? extends List<?>> items, int n, Class<T> elementType) {
    return chunks(items, n, app.json().constructType(elementType));
  }

  <T> Group<List<T>> chunks(List<? extends List<?>> items, int n, JavaType elementType) {
    ConfigurationException.require(n >= 1, "chunk size must be at least 1; got " + n);
    List<Signature<List<T>>> parts = new ArrayList<>();
    for (int i = 0; i < items.size(); i += n) {
      parts.add(starmap(items.subList(i, Math.min(items.size(), i + n)), elementType));
    }
    return Canvas.group(parts);
  }

  private <T> Signature<List<T>> builtin(String builtin, Iterable<?> items, JavaType elementType) {
    var kwargs = app.json().createObjectNode();
    kwargs.set("task", signature(List.of(), Map.of(), false).toJson());
    kwargs.set("it", app.json().valueToTree(items));
    JavaType listType =
        app.json().getTypeFactory().constructCollectionType(List.class, elementType);
    return Signature.of(app, builtin, null, kwargs, queue, false, listType);
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
