package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.TaskRegistry;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Celery's built-in {@code celery.map} and {@code celery.starmap}, which every worker registers:
 * one message runs a task over a list of inputs in the worker, and returns the list of results.
 * Celery sends them for {@code task.map(it)}, {@code task.starmap(it)} and {@code task.chunks(it,
 * n)}; Celeriac's futures use starmap to batch small tasks.
 *
 * <p>Message shape: args {@code []}, kwargs {@code {"task": <signature>, "it": [...]}}; only the
 * signature's {@code task} name is used, as in Celery ({@code celery/app/builtins.py}).
 */
public final class BuiltinTasks {

  static final String MAP = "celery.map";
  static final String STARMAP = "celery.starmap";
  static final Set<String> NAMES = Set.of(MAP, STARMAP);

  private final TaskRegistry registry;
  private final ArgumentBinder binder;

  public BuiltinTasks(TaskRegistry registry, ArgumentBinder binder) {
    this.registry = registry;
    this.binder = binder;
  }

  public static boolean isBuiltin(String name) {
    return NAMES.contains(name);
  }

  /** The inner calls, bound and ready to run; binding errors surface before anything runs. */
  public List<Runnable> plan(String name, ArrayNode args, ObjectNode kwargs, List<Object> results) {
    JsonNode signature = kwargs.get("task");
    JsonNode items = kwargs.get("it");
    if (args.size() != 0
        || signature == null
        || !signature.hasNonNull("task")
        || items == null
        || !items.isArray()) {
      throw new ArgumentException(
          name
              + "() takes keyword arguments task (a signature with a 'task' name) and it (a list)");
    }
    String inner = signature.get("task").asText();
    TaskDefinition task =
        registry
            .find(inner)
            .orElseThrow(
                () ->
                    new ArgumentException(
                        name + "(): task '" + inner + "' is not registered on this worker"));
    List<Runnable> calls = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      ArrayNode callArgs;
      if (STARMAP.equals(name)) {
        if (!item.isArray()) {
          throw new ArgumentException(
              name + "(): every item of it must be a list of arguments; got " + item);
        }
        callArgs = (ArrayNode) item;
      } else {
        callArgs = JsonNodeFactory.instance.arrayNode().add(item);
      }
      Object[] values =
          binder.bind(inner, task.method(), callArgs, JsonNodeFactory.instance.objectNode());
      calls.add(() -> results.add(invoke(task, values)));
    }
    return calls;
  }

  private static Object invoke(TaskDefinition task, Object[] values) {
    try {
      return task.method().invoke(task.target(), values);
    } catch (InvocationTargetException e) {
      throw new BuiltinCallException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new BuiltinCallException(e);
    }
  }

  /** Carries the inner task's exception out of a {@link Runnable}; unwrapped by the job runner. */
  public static final class BuiltinCallException extends RuntimeException {
    BuiltinCallException(Throwable cause) {
      super(cause);
    }
  }
}
