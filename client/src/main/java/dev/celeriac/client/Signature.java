package dev.celeriac.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ConfigurationException;
import java.util.Objects;

/**
 * A task call that has not been sent yet: name, arguments and options, encoded exactly as Celery
 * encodes signatures ({@code {"task", "args", "kwargs", "options", "subtask_type", "immutable"}}).
 * The building block of chains, groups and callbacks.
 *
 * <pre>{@code
 * Signature<Integer> add = addRef.s(2, 2);          // partial: a chain or link prepends the parent's result
 * Signature<Integer> fixed = addRef.si(2, 2);       // immutable: arguments stay as they are
 * add.link(mulRef.s(10)).linkError(onError.s()).delay();
 * }</pre>
 *
 * <p>Immutable and thread-safe; every {@code with}/{@code link} method returns a new signature.
 *
 * @param <R> the task's result type
 */
public final class Signature<R> {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Celeriac app;
  private final String task;
  private final ArrayNode args;
  private final ObjectNode kwargs;
  private final ObjectNode options;
  private final boolean immutable;
  private final String subtaskType;
  private final JavaType resultType;

  Signature(
      Celeriac app,
      String task,
      ArrayNode args,
      ObjectNode kwargs,
      ObjectNode options,
      boolean immutable,
      String subtaskType,
      JavaType resultType) {
    this.app = app;
    this.task = Objects.requireNonNull(task, "task");
    this.args = args == null ? NODES.arrayNode() : args.deepCopy();
    this.kwargs = kwargs == null ? NODES.objectNode() : kwargs.deepCopy();
    this.options = options == null ? NODES.objectNode() : options.deepCopy();
    this.immutable = immutable;
    this.subtaskType = subtaskType;
    this.resultType = resultType;
  }

  /** A signature for {@code task} with JSON arguments; used by task references. */
  public static <R> Signature<R> of(
      Celeriac app,
      String task,
      ArrayNode args,
      ObjectNode kwargs,
      String queue,
      boolean immutable,
      JavaType resultType) {
    ObjectNode options = NODES.objectNode();
    if (queue != null) {
      options.put("queue", queue);
    }
    return new Signature<>(app, task, args, kwargs, options, immutable, null, resultType);
  }

  /**
   * Reads a signature as Celery encodes it (inside {@code embed} or a built-in task's kwargs).
   *
   * @throws ConfigurationException when {@code node} has no {@code task} name
   */
  public static Signature<Object> fromJson(JsonNode node) {
    if (node == null || !node.isObject() || !node.hasNonNull("task")) {
      throw new ConfigurationException(
          "a signature must be a JSON object with a 'task' name; got " + node);
    }
    JsonNode args = node.get("args");
    JsonNode kwargs = node.get("kwargs");
    JsonNode options = node.get("options");
    JsonNode subtaskType = node.get("subtask_type");
    return new Signature<>(
        null,
        node.get("task").asText(),
        args instanceof ArrayNode a ? a : null,
        kwargs instanceof ObjectNode k ? k : null,
        options instanceof ObjectNode o ? o : null,
        node.path("immutable").asBoolean(false),
        subtaskType == null || subtaskType.isNull() ? null : subtaskType.asText(),
        null);
  }

  /** Celery's encoding, keys in Celery's order. */
  public ObjectNode toJson() {
    ObjectNode node = NODES.objectNode();
    node.put("task", task);
    node.set("args", args.deepCopy());
    node.set("kwargs", kwargs.deepCopy());
    node.set("options", options.deepCopy());
    if (subtaskType == null) {
      node.putNull("subtask_type");
    } else {
      node.put("subtask_type", subtaskType);
    }
    node.put("immutable", immutable);
    return node;
  }

  public String task() {
    return task;
  }

  public ArrayNode args() {
    return args.deepCopy();
  }

  public ObjectNode kwargs() {
    return kwargs.deepCopy();
  }

  public ObjectNode options() {
    return options.deepCopy();
  }

  public boolean immutable() {
    return immutable;
  }

  /** {@code null} for a plain task, else {@code "group"}, {@code "chain"}, {@code "chord"}. */
  public String subtaskType() {
    return subtaskType;
  }

  /** The queue in the options, or null. */
  public String queue() {
    JsonNode queue = options.get("queue");
    return queue == null || queue.isNull() ? null : queue.asText();
  }

  /** The task id frozen into the options, or null. */
  public String taskId() {
    JsonNode id = options.get("task_id");
    return id == null || id.isNull() ? null : id.asText();
  }

  /** Celeriac's type for the result, or null for a signature read from JSON. */
  public JavaType resultType() {
    return resultType;
  }

  Celeriac app() {
    if (app == null) {
      throw new ConfigurationException(
          "signature "
              + task
              + " was read from a message and has no app; send it with a Celeriac app's canvas");
    }
    return app;
  }

  /** A copy with one option set (Celery's {@code sig.set(key=value)}). */
  public Signature<R> withOption(String key, JsonNode value) {
    ObjectNode copy = options.deepCopy();
    copy.set(key, value);
    return new Signature<>(app, task, args, kwargs, copy, immutable, subtaskType, resultType);
  }

  /** An immutable copy ({@code .si()}): a chain or callback does not prepend a result to it. */
  public Signature<R> asImmutable() {
    return immutable
        ? this
        : new Signature<>(app, task, args, kwargs, options, true, subtaskType, resultType);
  }

  /** A copy routed to {@code queue}. */
  public Signature<R> withQueue(String queue) {
    return withOption("queue", NODES.textNode(queue));
  }

  /**
   * A copy with {@code value} put before the arguments, as a chain or callback passes a result on.
   */
  public Signature<R> withPrependedArg(JsonNode value) {
    if (immutable) {
      return this;
    }
    ArrayNode copy = NODES.arrayNode().add(value);
    copy.addAll(args);
    return new Signature<>(app, task, copy, kwargs, options, immutable, subtaskType, resultType);
  }

  /** Adds a callback run with this task's result when it succeeds ({@code link=}). */
  public Signature<R> link(Signature<?> callback) {
    return appendTo("link", callback);
  }

  /** Adds a callback run with this task's id when it fails ({@code link_error=}). */
  public Signature<R> linkError(Signature<?> errback) {
    return appendTo("link_error", errback);
  }

  private Signature<R> appendTo(String key, Signature<?> other) {
    ObjectNode copy = options.deepCopy();
    ArrayNode list =
        copy.has(key) && copy.get(key).isArray() ? (ArrayNode) copy.get(key) : copy.putArray(key);
    list.add(other.toJson());
    return new Signature<>(app, task, args, kwargs, copy, immutable, subtaskType, resultType);
  }

  /** The callbacks in the options ({@code link}), as JSON. */
  public ArrayNode links() {
    return listOption("link");
  }

  /** The error callbacks in the options ({@code link_error}), as JSON. */
  public ArrayNode errorLinks() {
    return listOption("link_error");
  }

  private ArrayNode listOption(String key) {
    JsonNode node = options.get(key);
    if (node == null || node.isNull()) {
      return NODES.arrayNode();
    }
    if (node.isArray()) {
      return (ArrayNode) node.deepCopy();
    }
    return NODES.arrayNode().add(node.deepCopy()); // Celery accepts a single signature too
  }

  /** Sends the task; returns once the broker confirmed the message. */
  public AsyncResult<R> delay() {
    return Canvas.send(this);
  }

  @Override
  public String toString() {
    return task + args + (kwargs.isEmpty() ? "" : kwargs) + (immutable ? " (immutable)" : "");
  }
}
