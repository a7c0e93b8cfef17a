package dev.celeriac.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.Embed;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskProperties;
import dev.celeriac.protocol.TimeLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds the protocol message for a signature; no broker involved. Option precedence is written
 * here once, per field: options given at call time ({@link TaskOptions}) win over the signature's
 * own options, which carry the {@code @Task} defaults unless the signature overrode them, which win
 * over the app's defaults. That is Celery's rule.
 *
 * <ul>
 *   <li>task id: call, signature ({@code task_id}), a new UUID;
 *   <li>queue: call, signature ({@code queue}, from {@code @Task(queue)}), the app's default;
 *   <li>ignore_result: call, signature ({@code ignore_result}, from {@code @Task}), false;
 *   <li>priority: call, signature ({@code priority}), 0;
 *   <li>reply_to: signature ({@code reply_to}, frozen into chain steps), the result backend's;
 *   <li>eta: call's eta, else now plus the call's countdown, else none; expires: the call's, also
 *       as the AMQP {@code expiration} in milliseconds left;
 *   <li>time limits and extra headers: the call's only.
 * </ul>
 *
 * <p>Callbacks and errbacks that name no queue go to their parent's queue: the worker that
 * publishes them (in any language) would otherwise route them by its own app's table.
 *
 * <h2>Concurrency</h2>
 *
 * Immutable and thread-safe.
 */
final class TaskMessageFactory {

  /** One message ready to publish, and where. */
  record Prepared(String id, String queue, boolean ignoreResult, TaskMessage message) {}

  /** A chain's first message, and every step with its id, reply queue and queue frozen in. */
  record PreparedChain(Prepared first, List<Signature<?>> steps) {}

  private static final String LANG = "java";

  /** Celery's built-in task that joins a chord by polling the header's results. */
  static final String CHORD_UNLOCK = "celery.chord_unlock";

  private final String defaultQueue;
  private final String origin;
  private final String replyTo;
  private final Clock clock;
  private final Supplier<String> ids;

  private TaskMessageFactory(Builder builder) {
    this.defaultQueue = builder.defaultQueue;
    this.origin = builder.origin;
    this.replyTo = builder.replyTo;
    this.clock = builder.clock;
    this.ids = builder.ids;
  }

  static Builder builder() {
    return new Builder();
  }

  /** The queue a signature goes to when neither the call nor the signature names one. */
  String defaultQueue() {
    return defaultQueue;
  }

  /** {@code gen<pid>@<host>}: the {@code origin} header. */
  String origin() {
    return origin;
  }

  /** A new task or group id. */
  String newId() {
    return ids.get();
  }

  /** The message of a top-level call. */
  Prepared prepare(Signature<?> sig, TaskOptions options) {
    return prepare(sig, options, null, null, defaultQueue);
  }

  /** The message of member {@code group_index} (from the signature) of group {@code groupId}. */
  Prepared prepareMember(Signature<?> sig, String groupId) {
    return prepare(sig, TaskOptions.NONE, groupId, null, defaultQueue);
  }

  /**
   * The message a running task publishes as a follow-up (chain step, callback, group member): its
   * root is the workflow's root and its parent the running task.
   *
   * @param queue where it goes unless the signature names a queue
   * @param chain the remaining chain steps (last first) to carry along, or null
   * @param groupId the group it is a member of, or null
   */
  Prepared prepareFollowUp(
      Signature<?> sig,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId) {
    Prepared prepared = prepare(sig, TaskOptions.NONE, groupId, chain, queue);
    TaskMessage message = prepared.message();
    return new Prepared(
        prepared.id(),
        prepared.queue(),
        prepared.ignoreResult(),
        new TaskMessage(
            message.headers().withWorkflow(rootId, parentId),
            message.body(),
            message.properties()));
  }

  /**
   * A chain: every step gets its task id, reply queue and queue frozen into its options, so the
   * workers that publish the later steps send them where this client listens; only the first step
   * is a message, carrying the rest (last first) in {@code embed.chain}.
   */
  PreparedChain prepareChain(List<Signature<?>> steps) {
    ConfigurationException.require(!steps.isEmpty(), "a chain needs at least one step");
    List<Signature<?>> frozen = new ArrayList<>(steps.size());
    for (Signature<?> step : steps) {
      if (step.subtaskType() != null) {
        // A chord or group step is frozen already; Celery's chord.run would copy a queue or
        // reply_to in its options onto the body.
        frozen.add(step);
        continue;
      }
      String id = step.taskId() != null ? step.taskId() : newId();
      Signature<?> f = step.withOption("task_id", TextNode.valueOf(id));
      if (replyTo != null) {
        f = f.withOption("reply_to", TextNode.valueOf(replyTo));
      }
      String queue = step.queue() != null ? step.queue() : defaultQueue;
      frozen.add(f.withOption("queue", TextNode.valueOf(queue)));
    }
    ArrayNode rest = JsonNodeFactory.instance.arrayNode();
    for (int i = frozen.size() - 1; i >= 1; i--) {
      rest.add(frozen.get(i).toJson());
    }
    Prepared first =
        prepare(
            frozen.getFirst(), TaskOptions.NONE, null, rest.isEmpty() ? null : rest, defaultQueue);
    return new PreparedChain(first, List.copyOf(frozen));
  }

  /**
   * A chord's body with its task id, reply queue and queue frozen in, as Celery freezes it before
   * the header is sent: whichever worker completes the join sends it where this client listens.
   */
  <R> Signature<R> freezeBody(Signature<R> body) {
    String id = body.taskId() != null ? body.taskId() : newId();
    Signature<R> frozen = body.withOption("task_id", TextNode.valueOf(id));
    if (replyTo != null) {
      frozen = frozen.withOption("reply_to", TextNode.valueOf(replyTo));
    }
    return frozen.withQueue(body.queue() != null ? body.queue() : defaultQueue);
  }

  /**
   * The header members of a chord: each carries the frozen body ({@code chord}) and its position
   * ({@code group_index}) in its options, a task id of its own and its queue.
   */
  List<Signature<?>> chordHeader(List<Signature<?>> header, Signature<?> frozenBody) {
    List<Signature<?>> members = new ArrayList<>(header.size());
    ObjectNode body = frozenBody.toJson();
    for (int i = 0; i < header.size(); i++) {
      Signature<?> member = header.get(i);
      String id = member.taskId() != null ? member.taskId() : newId();
      // The queue too: a worker in either language may send the members (a chord in a chain).
      members.add(
          member
              .withQueue(member.queue() != null ? member.queue() : defaultQueue)
              .withOption("task_id", TextNode.valueOf(id))
              .withOption("chord", body)
              .withOption("group_index", JsonNodeFactory.instance.numberNode(i)));
    }
    return members;
  }

  /**
   * Celery's {@code celery.chord_unlock} for a backend that does not join chords itself ({@code
   * BaseBackend.fallback_chord_unlock}): args {@code [group_id, body]}, kwargs {@code {"interval":
   * null, "max_retries": null, "result": [[[member id, null], null], ...]}}, no result wanted, due
   * after one second, on the body's queue, with the body's priority.
   */
  Prepared prepareChordUnlock(String groupId, Signature<?> frozenBody, List<String> memberIds) {
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    for (String id : memberIds) {
      results.addArray().add(JsonNodeFactory.instance.arrayNode().add(id).addNull()).addNull();
    }
    ObjectNode kwargs = JsonNodeFactory.instance.objectNode();
    kwargs.putNull("interval");
    kwargs.putNull("max_retries");
    kwargs.set("result", results);
    ArrayNode args = JsonNodeFactory.instance.arrayNode().add(groupId).add(frozenBody.toJson());
    Signature<Object> unlock =
        new Signature<>(null, CHORD_UNLOCK, args, kwargs, null, false, null, null);
    // Celery sends it with the body's priority (else the body task's, 0 when the client does not
    // know the task, as with every Celeriac client).
    JsonNode priority = frozenBody.options().get("priority");
    TaskOptions.Builder options =
        TaskOptions.builder()
            .countdown(Duration.ofSeconds(1))
            .ignoreResult(true)
            .queue(frozenBody.queue());
    if (priority != null && priority.canConvertToInt()) {
      options.priority(priority.asInt());
    }
    return prepare(unlock, options.build(), null, null, defaultQueue);
  }

  /** Steps as one {@code celery.chain} signature, as Celery nests a chain in a chord's body. */
  Signature<Object> chainSignature(List<Signature<?>> steps) {
    ObjectNode kwargs = JsonNodeFactory.instance.objectNode();
    ArrayNode tasks = kwargs.putArray("tasks");
    steps.forEach(step -> tasks.add(step.toJson()));
    return new Signature<>(
        null,
        "celery.chain",
        JsonNodeFactory.instance.arrayNode(),
        kwargs,
        null,
        false,
        "chain",
        null);
  }

  /**
   * A chord as one step of a chain, as Celery encodes it: {@code celery.chord} with kwargs {@code
   * {"kwargs": {}, "header": <celery.group of the members>, "body": <body>}} and the group id as
   * its {@code task_id}.
   */
  Signature<Object> chordSignature(String groupId, List<Signature<?>> members, Signature<?> body) {
    ObjectNode group = JsonNodeFactory.instance.objectNode();
    group.put("task", "celery.group");
    group.putArray("args");
    ArrayNode tasks = group.putObject("kwargs").putArray("tasks");
    members.forEach(member -> tasks.add(member.toJson()));
    group.putObject("options").put("task_id", groupId);
    group.put("subtask_type", "group");
    group.put("immutable", false);
    ObjectNode kwargs = JsonNodeFactory.instance.objectNode();
    kwargs.putObject("kwargs");
    kwargs.set("header", group);
    kwargs.set("body", body.toJson());
    ObjectNode options = JsonNodeFactory.instance.objectNode().put("task_id", groupId);
    return new Signature<>(
        null,
        "celery.chord",
        JsonNodeFactory.instance.arrayNode(),
        kwargs,
        options,
        false,
        "chord",
        null);
  }

  private Prepared prepare(
      Signature<?> sig, TaskOptions options, String group, ArrayNode chain, String fallbackQueue) {
    ObjectNode o = sig.options();
    String given = firstNonNull(options.taskId(), sig.taskId());
    String id = given != null ? given : newId();
    String queue = firstNonNull(options.queue(), sig.queue(), fallbackQueue);
    boolean ignoreResult =
        options.ignoreResult() != null
            ? options.ignoreResult()
            : o.path("ignore_result").asBoolean(false);
    int priority =
        options.priority() != null
            ? options.priority()
            : o.hasNonNull("priority") ? o.get("priority").asInt() : 0;
    String reply = o.hasNonNull("reply_to") ? o.get("reply_to").asText() : replyTo;
    Instant now = clock.instant();
    Instant eta =
        options.eta() != null
            ? options.eta()
            : options.countdown() != null ? now.plus(options.countdown()) : null;
    Instant expires = options.expires();
    TaskHeaders headers =
        TaskHeaders.builder(id, sig.task())
            .lang(LANG)
            .rootId(id)
            .group(group)
            .groupIndex(group == null ? null : integer(o.get("group_index")))
            .eta(utc(eta))
            .expires(utc(expires))
            .timeLimit(
                new TimeLimit(seconds(options.timeLimit()), seconds(options.softTimeLimit())))
            // argsrepr and kwargsrepr stay null: the codec writes them as Celery's saferepr does
            .origin(origin)
            .ignoreResult(ignoreResult)
            .extra(options.headers())
            .build();
    TaskProperties properties =
        new TaskProperties(
            id,
            reply,
            priority,
            TaskProperties.PERSISTENT,
            expires == null ? null : expirationMillis(now, expires),
            TaskProperties.JSON,
            TaskProperties.UTF_8);
    // A chord header member carries the body in its options (Celery's "chord" option), and the
    // message in embed.chord: the worker that completes the join applies it.
    JsonNode chord = o.hasNonNull("chord") ? o.get("chord") : null;
    Embed embed =
        new Embed(
            orNull(routed(sig.links(), queue)),
            orNull(routed(sig.errorLinks(), queue)),
            chain,
            chord);
    // Arguments go in uncopied: a large map's items would otherwise be copied once more per send.
    TaskBody body = new TaskBody(sig.argsForSending(), sig.kwargsForSending(), embed);
    return new Prepared(id, queue, ignoreResult, new TaskMessage(headers, body, properties));
  }

  private static Integer integer(JsonNode node) {
    return node == null || node.isNull() ? null : node.asInt();
  }

  private static Double seconds(Duration limit) {
    return limit == null ? null : limit.toNanos() / 1e9;
  }

  /** Callbacks that name no queue go where their parent goes. */
  private static ArrayNode routed(ArrayNode signatures, String queue) {
    for (JsonNode sig : signatures) {
      if (sig instanceof ObjectNode node
          && node.path("options") instanceof ObjectNode options
          && !options.hasNonNull("queue")) {
        options.put("queue", queue);
      }
    }
    return signatures;
  }

  private static ArrayNode orNull(ArrayNode list) {
    return list == null || list.isEmpty() ? null : list;
  }

  /** Celery's rule: the remaining time in whole milliseconds, "0" when already past. */
  private static String expirationMillis(Instant now, Instant expires) {
    return Long.toString(Math.max(0, Duration.between(now, expires).toMillis()));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** Builder; default queue, origin and clock are required, reply queue and ids optional. */
  static final class Builder {
    private String defaultQueue;
    private String origin;
    private String replyTo;
    private Clock clock;
    private Supplier<String> ids = () -> UUID.randomUUID().toString();

    private Builder() {}

    Builder defaultQueue(String defaultQueue) {
      this.defaultQueue = defaultQueue;
      return this;
    }

    Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    /** The result backend's reply queue, or null when it has none. */
    Builder replyTo(String replyTo) {
      this.replyTo = replyTo;
      return this;
    }

    /** The time eta and expiry are measured from. */
    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Where new task and group ids come from; default random UUIDs. */
    Builder ids(Supplier<String> ids) {
      this.ids = ids;
      return this;
    }

    TaskMessageFactory build() {
      Objects.requireNonNull(defaultQueue, "defaultQueue");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(ids, "ids");
      return new TaskMessageFactory(this);
    }
  }
}
