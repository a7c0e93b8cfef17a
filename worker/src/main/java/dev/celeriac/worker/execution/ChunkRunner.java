package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.TaskContext;
import dev.celeriac.client.futures.ChunkMessages;
import dev.celeriac.client.futures.ManagedBlocking;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.Tracebacks;
import dev.celeriac.worker.TaskDefinition;
import dev.celeriac.worker.TaskRegistry;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a {@code celeriac.chunk} message ({@link ChunkMessages}): every item of the chunk on its own
 * virtual thread at once, then, with a combiner, folds the values in item order with it. Items that
 * fail are reported as data in the result; the chunk itself fails only when it cannot run at all
 * (bad arguments, unknown task or combiner, a failing combiner).
 *
 * <h2>Concurrency</h2>
 *
 * Runs on the chunk's task thread, which owns a per-chunk executor of virtual threads named {@code
 * celeriac-chunk-<n>} and closes it before returning; an interrupt of the task thread (soft time
 * limit, terminate) interrupts the items.
 */
public final class ChunkRunner {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final TaskRegistry registry;
  private final ArgumentBinder binder;
  private final ObjectMapper json;
  private final TaskScope scope;

  public ChunkRunner(
      TaskRegistry registry, ArgumentBinder binder, ObjectMapper json, TaskScope scope) {
    this.registry = registry;
    this.binder = binder;
    this.json = json;
    this.scope = scope;
  }

  public static boolean isChunk(String name) {
    return ChunkMessages.TASK.equals(name);
  }

  /**
   * Runs the chunk described by {@code kwargs}.
   *
   * @throws ArgumentException when the message is not a valid chunk
   * @throws Exception what the combiner raised
   */
  public ObjectNode run(
      ArrayNode args,
      ObjectNode kwargs,
      TaskContext context,
      String queue,
      ManagedBlocking.Blocker blocker)
      throws Exception {
    JsonNode taskName = kwargs.get(ChunkMessages.TASK_NAME);
    JsonNode items = kwargs.get(ChunkMessages.ITEMS);
    if (args.size() != 0
        || taskName == null
        || !taskName.isTextual()
        || items == null
        || !items.isArray()) {
      throw new ArgumentException(
          ChunkMessages.TASK + "() takes keyword arguments task (a task name) and it (a list)");
    }
    TaskDefinition task = find(taskName.asText(), "task");
    TaskDefinition combiner =
        kwargs.hasNonNull(ChunkMessages.COMBINER)
            ? find(kwargs.get(ChunkMessages.COMBINER).asText(), "combiner")
            : null;
    if (combiner != null && combiner.method().getParameterCount() != 2) {
      throw new ArgumentException(
          ChunkMessages.TASK
              + "(): combiner '"
              + combiner.name()
              + "' must take two results and return one");
    }
    int n = items.size();
    Object[] values = new Object[n];
    Throwable[] errors = new Throwable[n];
    try (ExecutorService threads =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("celeriac-chunk-", 0).factory())) {
      for (int i = 0; i < n; i++) {
        int index = i;
        ArrayNode callArgs = NODES.arrayNode().add(items.get(i));
        threads.execute(
            () -> {
              try {
                Object[] bound =
                    binder.bind(task.name(), task.method(), callArgs, NODES.objectNode());
                values[index] =
                    context.callWith(
                        () ->
                            scope.call(
                                queue, blocker, () -> task.method().invoke(task.target(), bound)));
              } catch (InvocationTargetException e) {
                errors[index] = e.getCause();
              } catch (Exception | Error e) { // bad arguments, or the item ran out of memory
                errors[index] = e;
              }
            });
      }
    }
    ObjectNode result = NODES.objectNode();
    ArrayNode failed = result.putArray(ChunkMessages.ERRORS);
    for (int i = 0; i < n; i++) {
      if (errors[i] != null) {
        ObjectNode error = (ObjectNode) ResultCodec.encodeException(RemoteException.of(errors[i]));
        error.put(ChunkMessages.INDEX, i);
        error.put(ChunkMessages.TRACEBACK, Tracebacks.format(errors[i]));
        failed.add(error);
      }
    }
    if (combiner == null) {
      ArrayNode out = result.putArray(ChunkMessages.VALUES);
      for (int i = 0; i < n; i++) {
        out.add(errors[i] == null ? json.valueToTree(values[i]) : NODES.nullNode());
      }
      return result;
    }
    JsonNode combined = NODES.nullNode();
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (errors[i] != null) {
        continue;
      }
      JsonNode value = json.valueToTree(values[i]);
      combined = count == 0 ? value : combine(combiner, combined, value);
      count++;
    }
    result.set(ChunkMessages.COMBINED, combined);
    result.put(ChunkMessages.COUNT, count);
    return result;
  }

  private JsonNode combine(TaskDefinition combiner, JsonNode left, JsonNode right)
      throws Exception {
    Object[] bound =
        binder.bind(
            combiner.name(),
            combiner.method(),
            NODES.arrayNode().add(left).add(right),
            NODES.objectNode());
    try {
      return json.valueToTree(combiner.method().invoke(combiner.target(), bound));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private TaskDefinition find(String name, String role) {
    return registry
        .find(name)
        .orElseThrow(
            () ->
                new ArgumentException(
                    ChunkMessages.TASK
                        + "(): "
                        + role
                        + " '"
                        + name
                        + "' is not registered on this worker; registered: "
                        + registry.names()));
  }
}
