package dev.celeriac.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ProtocolException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes and decodes protocol v2 task messages with the JSON serializer, byte-compatible with
 * Celery 5.2 (docs/protocol.md). Thread-safe and stateless.
 *
 * <pre>{@code
 * TaskMessageCodec codec = new TaskMessageCodec();
 * EncodedMessage wire = codec.encode(message);        // headers, properties, body bytes
 * TaskMessage back = codec.decode(wire.headers(), wire.properties(), wire.body());
 * }</pre>
 */
public final class TaskMessageCodec {

  /** What Celeriac puts in {@code lang} when the message does not say. */
  public static final String LANG_JAVA = "java";

  /** Headers decode consumes; every other header lands in {@link TaskHeaders#extra()}. */
  private static final Set<String> CONSUMED = consumed();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The AMQP-ready parts of a task message: every Celery header (absent values as null), the
   * properties, and the body {@code [args, kwargs, embed]} written as Python's {@code json.dumps}
   * writes it.
   *
   * <p>Header values are typed so that the RabbitMQ Java client writes the field-table tags py-amqp
   * writes: {@code String} (S), {@code Integer} (I), {@code Boolean} (t), {@code List} (A), {@code
   * null} (V). Defaults: {@code lang} {@value #LANG_JAVA}, {@code root_id} the task id (as Celery
   * does for a top-level call), {@code argsrepr}/{@code kwargsrepr} computed by {@link PythonRepr},
   * content type {@code application/json} and encoding {@code utf-8}. {@code extra} headers follow
   * the standard ones at the top level of the table.
   *
   * @throws ProtocolException when an extra header reuses a standard header name, or the properties
   *     name a content type or encoding other than JSON/utf-8
   */
  public EncodedMessage encode(TaskMessage message) {
    TaskHeaders h = message.headers();
    TaskBody body = message.body();
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put(Headers.LANG, h.lang() == null ? LANG_JAVA : h.lang());
    headers.put(Headers.TASK, h.task());
    headers.put(Headers.ID, h.id());
    headers.put(Headers.SHADOW, h.shadow());
    headers.put(Headers.ETA, h.eta() == null ? null : CeleryTime.format(h.eta()));
    headers.put(Headers.EXPIRES, h.expires() == null ? null : CeleryTime.format(h.expires()));
    headers.put(Headers.GROUP, h.group());
    headers.put(Headers.GROUP_INDEX, h.groupIndex());
    headers.put(Headers.RETRIES, h.retries());
    headers.put(Headers.TIMELIMIT, timeLimit(h.timeLimit()));
    headers.put(Headers.ROOT_ID, h.rootId() == null || h.rootId().isEmpty() ? h.id() : h.rootId());
    headers.put(Headers.PARENT_ID, h.parentId());
    headers.put(
        Headers.ARGSREPR, h.argsRepr() == null ? PythonRepr.argsRepr(body.args()) : h.argsRepr());
    headers.put(
        Headers.KWARGSREPR,
        h.kwargsRepr() == null ? PythonRepr.kwargsRepr(body.kwargs()) : h.kwargsRepr());
    headers.put(Headers.ORIGIN, h.origin());
    headers.put(Headers.IGNORE_RESULT, h.ignoreResult());
    for (Map.Entry<String, Object> extra : h.extra().entrySet()) {
      if (CONSUMED.contains(extra.getKey())) {
        throw new ProtocolException(
            "extra header '"
                + extra.getKey()
                + "' clashes with a header the codec writes itself; set it through TaskHeaders"
                + " (Celeriac does not compress bodies)");
      }
      headers.put(extra.getKey(), extra.getValue());
    }
    return new EncodedMessage(
        Collections.unmodifiableMap(headers),
        properties(message.properties()),
        CeleryJson.writeBytes(body(body)));
  }

  /**
   * Reads a task message. Headers may be passed as the AMQP client delivers them: its string type
   * ({@code LongString}, not a {@code CharSequence}) and any other object whose {@code toString()}
   * is the text read as strings, in nested lists and tables too ({@link HeaderValues} is the one
   * place that converts them). Missing optional headers take Celery's defaults; unknown headers
   * land in {@link TaskHeaders#extra()}. The body is {@code [args, kwargs, embed]} or Celery's
   * "hybrid" object {@code {"args": [..], "kwargs": {..}}}. The rules and error messages are in
   * docs/protocol.md.
   *
   * @throws ProtocolException naming what is missing or malformed
   */
  public TaskMessage decode(Map<String, ?> headers, TaskProperties properties, byte[] body) {
    Map<String, Object> raw = HeaderValues.normalize(headers);
    TaskProperties props =
        properties == null
            ? new TaskProperties(null, null, null, null, null, null, null)
            : properties;
    String task = HeaderValues.text(Headers.TASK, raw.get(Headers.TASK));
    if (task == null || task.isBlank()) {
      throw new ProtocolException(
          "task message has no '"
              + Headers.TASK
              + "' header: Celery protocol v2 carries the registered task name there (protocol 1"
              + " messages are not supported)");
    }
    // Error messages start with "task[id]: " like Celery's log lines, so a dead-lettered
    // message's reason says which task it was.
    Object rawId = raw.get(Headers.ID);
    String context = rawId instanceof String ? task + "[" + rawId + "]: " : task + ": ";
    try {
      JsonNode tree =
          Payloads.readJson(
              props.contentType(),
              props.contentEncoding(),
              HeaderValues.text(Headers.COMPRESSION, raw.get(Headers.COMPRESSION)),
              body);
      Map<String, Object> merged = merge(raw, tree);
      String id = HeaderValues.text(Headers.ID, merged.get(Headers.ID));
      if (id == null || id.isEmpty()) {
        throw new ProtocolException(
            "task message has no '"
                + Headers.ID
                + "' header: Celery protocol v2 carries the task id there");
      }
      return new TaskMessage(headers(id, task, merged), body(tree), props);
    } catch (ProtocolException e) {
      throw new ProtocolException(context + e.getMessage(), e.getCause());
    }
  }

  /**
   * The headers, filled in from a hybrid (object) body's fields where a header is absent; real
   * headers win, as in Celery's {@code hybrid_to_proto2}.
   */
  private static Map<String, Object> merge(Map<String, ?> raw, JsonNode tree) {
    Map<String, Object> merged = new LinkedHashMap<>();
    if (tree.isObject()) {
      for (String name : Headers.CELERY_5_2) {
        JsonNode value = tree.get(name);
        if (value != null && !value.isNull()) {
          merged.put(name, CeleryJson.mapper().convertValue(value, Object.class));
        }
      }
    }
    raw.forEach(
        (name, value) -> {
          if (value != null || !merged.containsKey(name)) {
            merged.put(name, value);
          }
        });
    return merged;
  }

  private static TaskHeaders headers(String id, String task, Map<String, Object> h) {
    Integer retries = HeaderValues.integer(Headers.RETRIES, h.get(Headers.RETRIES));
    Map<String, Object> extra = new LinkedHashMap<>();
    h.forEach(
        (name, value) -> {
          if (!CONSUMED.contains(name)) {
            extra.put(name, value); // already plain: normalized on the way in
          }
        });
    return TaskHeaders.builder(id, task)
        .lang(HeaderValues.text(Headers.LANG, h.get(Headers.LANG)))
        .rootId(HeaderValues.text(Headers.ROOT_ID, h.get(Headers.ROOT_ID)))
        .parentId(HeaderValues.text(Headers.PARENT_ID, h.get(Headers.PARENT_ID)))
        .group(HeaderValues.text(Headers.GROUP, h.get(Headers.GROUP)))
        .groupIndex(HeaderValues.integer(Headers.GROUP_INDEX, h.get(Headers.GROUP_INDEX)))
        .retries(retries == null ? 0 : retries)
        .eta(HeaderValues.time(Headers.ETA, h.get(Headers.ETA)))
        .expires(HeaderValues.time(Headers.EXPIRES, h.get(Headers.EXPIRES)))
        .timeLimit(HeaderValues.timeLimit(h.get(Headers.TIMELIMIT)))
        .shadow(HeaderValues.text(Headers.SHADOW, h.get(Headers.SHADOW)))
        .argsRepr(HeaderValues.text(Headers.ARGSREPR, h.get(Headers.ARGSREPR)))
        .kwargsRepr(HeaderValues.text(Headers.KWARGSREPR, h.get(Headers.KWARGSREPR)))
        .origin(HeaderValues.text(Headers.ORIGIN, h.get(Headers.ORIGIN)))
        .ignoreResult(HeaderValues.bool(Headers.IGNORE_RESULT, h.get(Headers.IGNORE_RESULT), false))
        .extra(extra)
        .build();
  }

  private static TaskBody body(JsonNode tree) {
    if (tree.isObject()) {
      return hybridBody(tree);
    }
    if (!tree.isArray()) {
      throw new ProtocolException(
          "body must be a JSON array [args, kwargs, embed]; got " + Payloads.kind(tree));
    }
    if (tree.size() != 3) {
      throw new ProtocolException(
          "body must be a JSON array of 3 items [args, kwargs, embed]; got "
              + tree.size()
              + (tree.size() == 1 ? " item" : " items"));
    }
    JsonNode args = tree.get(0);
    JsonNode kwargs = tree.get(1);
    if (!args.isArray()) {
      throw new ProtocolException(
          "body item 0 (args) must be a JSON array; got " + Payloads.kind(args));
    }
    if (!kwargs.isObject()) {
      throw new ProtocolException(
          "body item 1 (kwargs) must be a JSON object; got " + Payloads.kind(kwargs));
    }
    return new TaskBody((ArrayNode) args, (ObjectNode) kwargs, embed(tree.get(2)));
  }

  /** Celery's hybrid protocol-1 style body: an object with optional args, kwargs and links. */
  private static TaskBody hybridBody(JsonNode tree) {
    JsonNode args = tree.get("args");
    JsonNode kwargs = tree.get("kwargs");
    if (args != null && !args.isNull() && !args.isArray()) {
      throw new ProtocolException(
          "body object's 'args' must be a JSON array; got " + Payloads.kind(args));
    }
    if (kwargs != null && !kwargs.isNull() && !kwargs.isObject()) {
      throw new ProtocolException(
          "body object's 'kwargs' must be a JSON object; got " + Payloads.kind(kwargs));
    }
    Embed embed =
        new Embed(
            link(tree.get("callbacks")), link(tree.get("errbacks")), null, link(tree.get("chord")));
    return new TaskBody(
        args == null || args.isNull() ? NODES.arrayNode() : (ArrayNode) args,
        kwargs == null || kwargs.isNull() ? NODES.objectNode() : (ObjectNode) kwargs,
        Embed.EMPTY.equals(embed) ? Embed.EMPTY : embed);
  }

  /** The embed object; null or {@code {}} mean no links, unknown keys are ignored. */
  private static Embed embed(JsonNode node) {
    if (node.isNull()) {
      return Embed.EMPTY;
    }
    if (!node.isObject()) {
      throw new ProtocolException(
          "body item 2 (embed) must be a JSON object or null; got " + Payloads.kind(node));
    }
    Embed embed =
        new Embed(
            link(node.get("callbacks")),
            link(node.get("errbacks")),
            link(node.get("chain")),
            link(node.get("chord")));
    return embed.equals(Embed.EMPTY) ? Embed.EMPTY : embed;
  }

  /** JSON null and absence are both "no link" (Java null), so Embed.EMPTY compares equal. */
  private static JsonNode link(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }

  private static ArrayNode body(TaskBody body) {
    Embed e = body.embed();
    ObjectNode embed = NODES.objectNode();
    embed.set("callbacks", orNull(e.callbacks()));
    embed.set("errbacks", orNull(e.errbacks()));
    embed.set("chain", orNull(e.chain()));
    embed.set("chord", orNull(e.chord()));
    ArrayNode array = NODES.arrayNode(3);
    array.add(body.args());
    array.add(body.kwargs());
    array.add(embed);
    return array;
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null ? NODES.nullNode() : node;
  }

  /** {@code [hard, soft]}; whole seconds as Integer (tag I, as Python ints), others as Double. */
  private static List<Object> timeLimit(TimeLimit limit) {
    return Collections.unmodifiableList(
        Arrays.asList(seconds(limit.hardSeconds()), seconds(limit.softSeconds())));
  }

  private static Object seconds(Double value) {
    if (value == null) {
      return null;
    }
    double d = value;
    if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
      return (int) d;
    }
    return d;
  }

  private static TaskProperties properties(TaskProperties p) {
    if (p.contentType() != null && !Payloads.isJson(p.contentType())) {
      throw new ProtocolException(
          "content_type '" + p.contentType() + "' cannot be sent: Celeriac writes JSON bodies");
    }
    if (p.contentEncoding() != null
        && !p.contentEncoding().equalsIgnoreCase(TaskProperties.UTF_8)) {
      throw new ProtocolException(
          "content_encoding '" + p.contentEncoding() + "' cannot be sent: Celeriac writes utf-8");
    }
    return new TaskProperties(
        p.correlationId(),
        p.replyTo(),
        p.priority(),
        p.deliveryMode(),
        p.expiration(),
        p.contentType() == null ? TaskProperties.JSON : p.contentType(),
        p.contentEncoding() == null ? TaskProperties.UTF_8 : p.contentEncoding());
  }

  private static Set<String> consumed() {
    Set<String> names = new HashSet<>(Headers.CELERY_5_2);
    names.add(Headers.COMPRESSION);
    return Set.copyOf(names);
  }
}
