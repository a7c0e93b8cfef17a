package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.state.TaskState;

/**
 * Encodes and decodes {@code rpc://} result messages. Thread-safe and stateless.
 *
 * <pre>{@code
 * byte[] body = new ResultCodec().encode(
 *     new ResultMessage(id, TaskState.SUCCESS, IntNode.valueOf(5), null, null));
 * // {"task_id": "…", "status": "SUCCESS", "result": 5, "traceback": null, "children": []}
 * }</pre>
 */
public final class ResultCodec {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The result body, written as Python's {@code json.dumps} writes it, with Celery 5.2's keys in
   * Celery's order: {@code task_id, status, result, traceback, children}. A null result or
   * traceback is written as JSON null, null children as {@code []}.
   */
  public byte[] encode(ResultMessage result) {
    ObjectNode node = NODES.objectNode();
    node.put("task_id", result.taskId());
    node.put("status", result.status().wireName());
    node.set("result", result.result() == null ? NODES.nullNode() : result.result());
    node.set(
        "traceback",
        result.traceback() == null ? NODES.nullNode() : NODES.textNode(result.traceback()));
    node.set("children", result.children() == null ? NODES.arrayNode() : result.children());
    return CeleryJson.writeBytes(node);
  }

  /**
   * Reads a result body; extra keys (newer Celery's {@code date_done}, extended fields) are
   * ignored. A missing {@code result} reads as JSON null, missing {@code children} as {@code []}.
   *
   * @throws ProtocolException when the body is not a result object, or its status is not one of
   *     Celery's built-in states (custom states from {@code update_state} included)
   */
  public ResultMessage decode(byte[] body) {
    JsonNode tree;
    try {
      tree = CeleryJson.read(body == null ? new byte[0] : body);
    } catch (ProtocolException e) {
      throw new ProtocolException("result body is " + e.getMessage(), e.getCause());
    }
    return decode(tree);
  }

  /**
   * Like {@link #decode(byte[])}, first checking the message's {@code content_type} (only {@code
   * application/json}; absent is tried as JSON) and undoing kombu compression ({@code
   * result_compression}) named by the {@code compression} header.
   *
   * @param contentType the AMQP content type, or null
   * @param compression the {@code compression} header, or null
   */
  public ResultMessage decode(String contentType, String compression, byte[] body) {
    JsonNode tree;
    try {
      tree = Payloads.readJson(contentType, null, compression, body);
    } catch (ProtocolException e) {
      throw new ProtocolException("result " + e.getMessage(), e.getCause());
    }
    return decode(tree);
  }

  private static ResultMessage decode(JsonNode tree) {
    if (!tree.isObject()) {
      throw new ProtocolException(
          "result body must be a JSON object {\"task_id\", \"status\", \"result\", \"traceback\","
              + " \"children\"}; got "
              + Payloads.kind(tree));
    }
    String taskId = requiredText(tree, "task_id");
    String status = requiredText(tree, "status");
    TaskState state;
    try {
      state = TaskState.fromWire(status);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          "result for task "
              + taskId
              + " has status '"
              + status
              + "', which is not a Celery state (custom states from update_state() are not"
              + " supported)");
    }
    JsonNode result = tree.get("result");
    JsonNode traceback = tree.get("traceback");
    JsonNode children = tree.get("children");
    return new ResultMessage(
        taskId,
        state,
        result == null ? NODES.nullNode() : result,
        traceback == null || traceback.isNull() ? null : traceback.asText(),
        children == null || children.isNull() ? NODES.arrayNode() : children);
  }

  private static String requiredText(JsonNode tree, String key) {
    JsonNode value = tree.get(key);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new ProtocolException(
          "result body has no '"
              + key
              + "' string"
              + (value == null ? "" : "; got " + Payloads.kind(value)));
    }
    return value.textValue();
  }

  /**
   * {@code {"exc_type": .., "exc_message": [..], "exc_module": ..}}, keys in Celery's order; a null
   * message is written as {@code []}, a null module as JSON null.
   */
  public static JsonNode encodeException(RemoteException exception) {
    ObjectNode node = NODES.objectNode();
    node.put("exc_type", exception.type());
    node.set("exc_message", exception.message() == null ? NODES.arrayNode() : exception.message());
    node.put("exc_module", exception.module());
    return node;
  }

  /**
   * Reads an encoded exception; tolerates a string {@code exc_message} (older writers) by wrapping
   * it in a one-element array. A missing or null {@code exc_message} reads as {@code []}, any other
   * single value is wrapped like a string.
   *
   * @throws ProtocolException when {@code exc_type} is missing
   */
  public static RemoteException decodeException(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ProtocolException(
          "encoded exception must be a JSON object {\"exc_type\", \"exc_message\","
              + " \"exc_module\"}; got "
              + Payloads.kind(node));
    }
    JsonNode type = node.get("exc_type");
    if (type == null || !type.isTextual() || type.textValue().isEmpty()) {
      throw new ProtocolException(
          "encoded exception has no 'exc_type' string"
              + (type == null ? "" : "; got " + Payloads.kind(type)));
    }
    JsonNode message = node.get("exc_message");
    ArrayNode args;
    if (message == null || message.isNull()) {
      args = NODES.arrayNode();
    } else if (message.isArray()) {
      args = (ArrayNode) message;
    } else {
      args = NODES.arrayNode().add(message);
    }
    JsonNode module = node.get("exc_module");
    return new RemoteException(
        type.textValue(), module == null || module.isNull() ? null : module.asText(), args);
  }
}
