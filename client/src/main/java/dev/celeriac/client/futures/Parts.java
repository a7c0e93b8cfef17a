package dev.celeriac.client.futures;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.Signature;
import dev.celeriac.client.TaskException;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRef;
import dev.celeriac.protocol.ResultCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the items of a map as messages (one per item, or one per chunk) and turns each reply into a
 * {@link Part.Outcome}: values by item, or a combined value, plus the failed items as data.
 */
final class Parts {

  /**
   * The messages covering items {@code [offset, offset + size)}.
   *
   * @param outcome completes normally, also when items failed
   */
  record Part<R>(int offset, int size, String id, CompletableFuture<Outcome<R>> outcome) {

    /**
     * What a part's message produced.
     *
     * @param offset the index of the part's first item in the whole input
     * @param values a value per item (null where it failed), or null when combined
     * @param combined the combined value when a combiner ran
     * @param combinedCount how many values {@code combined} folds
     * @param failures failed items, indexes in the whole input
     */
    record Outcome<R>(
        int offset, List<R> values, R combined, int combinedCount, List<ItemFailure> failures) {}
  }

  private Parts() {}

  static <R> List<Part<R>> send(
      Celeriac app,
      TaskOptions sendOptions,
      TaskRef<R> task,
      List<?> items,
      MapOptions options,
      boolean combine) {
    Signature<R> template = task.signature(List.of(), Map.of(), false);
    JavaType type =
        template.resultType() != null
            ? template.resultType()
            : app.json().constructType(Object.class);
    if (options.chunkSize() == 1) {
      return single(task, items, sendOptions);
    }
    String combiner = combine ? options.combiner() : null;
    List<Signature<JsonNode>> chunks = new ArrayList<>();
    JavaType nodeType = app.json().constructType(JsonNode.class);
    for (int from = 0; from < items.size(); from += options.chunkSize()) {
      List<?> slice = items.subList(from, Math.min(items.size(), from + options.chunkSize()));
      ObjectNode kwargs = JsonNodeFactory.instance.objectNode();
      kwargs.put(ChunkMessages.TASK_NAME, task.name());
      kwargs.set(ChunkMessages.ITEMS, tree(app, slice));
      if (combiner != null) {
        kwargs.put(ChunkMessages.COMBINER, combiner);
      }
      chunks.add(
          Signature.of(app, ChunkMessages.TASK, null, kwargs, template.queue(), false, nodeType));
    }
    List<AsyncResult<JsonNode>> sent = app.applyAll(chunks, sendOptions);
    List<Part<R>> parts = new ArrayList<>(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      int offset = i * options.chunkSize();
      int size = Math.min(options.chunkSize(), items.size() - offset);
      AsyncResult<JsonNode> result = sent.get(i);
      CompletableFuture<Part.Outcome<R>> outcome =
          result
              .toCompletableFuture()
              .handle(
                  (node, error) -> {
                    try {
                      return error == null
                          ? decodeChunk(app, task.name(), result.id(), node, offset, type)
                          : failedWhole(offset, size, result.id(), task.name(), error);
                    } catch (RuntimeException e) { // a reply this client cannot read
                      return failedWhole(offset, size, result.id(), task.name(), e);
                    }
                  });
      parts.add(new Part<>(offset, size, result.id(), outcome));
    }
    return parts;
  }

  /**
   * The JSON tree of an item list. Lists, numbers, strings and booleans are built directly: the
   * mapper's general path buffers every value as a token first, which dominates the cost of sending
   * large inputs.
   */
  static JsonNode tree(Celeriac app, Object value) {
    return switch (value) {
      case null -> JsonNodeFactory.instance.nullNode();
      case Long l -> JsonNodeFactory.instance.numberNode(l);
      case Integer i -> JsonNodeFactory.instance.numberNode(i);
      case String text -> JsonNodeFactory.instance.textNode(text);
      case Boolean b -> JsonNodeFactory.instance.booleanNode(b);
      case List<?> list -> {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(list.size());
        for (Object item : list) {
          array.add(tree(app, item));
        }
        yield array;
      }
      default -> app.json().valueToTree(value);
    };
  }

  private static <R> List<Part<R>> single(TaskRef<R> task, List<?> items, TaskOptions sendOptions) {
    List<List<?>> argLists = new ArrayList<>(items.size());
    for (Object item : items) {
      argLists.add(java.util.Collections.singletonList(item));
    }
    List<AsyncResult<R>> sent = task.delayAll(argLists, sendOptions);
    List<Part<R>> parts = new ArrayList<>(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      int index = i;
      AsyncResult<R> result = sent.get(i);
      CompletableFuture<Part.Outcome<R>> outcome =
          result
              .toCompletableFuture()
              .handle(
                  (value, error) ->
                      error == null
                          ? new Part.Outcome<>(
                              index, java.util.Collections.singletonList(value), null, 0, List.of())
                          : failedWhole(index, 1, result.id(), task.name(), error));
      parts.add(new Part<>(i, 1, result.id(), outcome));
    }
    return parts;
  }

  /** The whole message failed (or was revoked): every item in it failed with that error. */
  private static <R> Part.Outcome<R> failedWhole(
      int offset, int size, String id, String taskName, Throwable error) {
    Throwable cause = TaskFuture.unwrap(error);
    TaskException failure =
        cause instanceof TaskException te
            ? te
            : new TaskException(id, taskName, String.valueOf(cause.getMessage()), cause);
    List<ItemFailure> failures = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      failures.add(new ItemFailure(offset + i, failure));
    }
    List<R> values = new ArrayList<>(java.util.Collections.nCopies(size, null));
    return new Part.Outcome<>(offset, values, null, 0, failures);
  }

  private static <R> Part.Outcome<R> decodeChunk(
      Celeriac app, String taskName, String id, JsonNode node, int offset, JavaType type) {
    List<ItemFailure> failures = new ArrayList<>();
    for (JsonNode error : node.path(ChunkMessages.ERRORS)) {
      failures.add(
          new ItemFailure(
              offset + error.path(ChunkMessages.INDEX).asInt(),
              new TaskFailedException(
                  id,
                  taskName,
                  ResultCodec.decodeException(error),
                  error.path(ChunkMessages.TRACEBACK).asText(null))));
    }
    if (node.has(ChunkMessages.COMBINED)) {
      int count = node.path(ChunkMessages.COUNT).asInt();
      R combined =
          count == 0 ? null : app.json().convertValue(node.get(ChunkMessages.COMBINED), type);
      return new Part.Outcome<>(offset, null, combined, count, failures);
    }
    ArrayNode values = (ArrayNode) node.path(ChunkMessages.VALUES);
    List<R> converted = new ArrayList<>(values.size());
    for (JsonNode value : values) {
      converted.add(value.isNull() ? null : app.json().convertValue(value, type));
    }
    return new Part.Outcome<>(offset, converted, null, 0, failures);
  }
}
