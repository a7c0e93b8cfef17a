package dev.celeriac.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import dev.celeriac.Task;
import dev.celeriac.TaskNames;
import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.ConfigKey;
import dev.celeriac.broker.ConfirmingPublisher;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.internal.MethodReferences;
import dev.celeriac.client.internal.ReplyConsumer;
import dev.celeriac.client.internal.ResultSlot;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.Embed;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import dev.celeriac.protocol.TaskProperties;
import dev.celeriac.protocol.TimeLimit;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Celeriac app: one connection to the broker, shared by every task call. Create one per process,
 * share it, close it at the end.
 *
 * <pre>{@code
 * try (Celeriac app = Celeriac.connect("amqp://guest:guest@localhost:5672//")) {
 *   TaskRef2<Integer, Integer, Integer> add = app.task(MathTasks::add); // typed, name from @Task
 *   int ten = add.delay(5, 5).get(Duration.ofSeconds(10));
 *   TaskRef<Integer> byName = app.task("tasks.add", Integer.class);    // any task, any language
 * }
 * }</pre>
 *
 * <p>Messages follow Celery's task protocol v2 with JSON, and results its {@code rpc://} format, so
 * Python Celery workers can run the tasks this app sends and vice versa.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. Any thread, including virtual threads, may call tasks concurrently. Results arrive
 * on one reply queue per app and are dispatched by task id.
 */
public final class Celeriac implements AutoCloseable {

  private final BrokerConnection connection;
  private final boolean ownsConnection;
  private final ConfirmingPublisher publisher;
  private final ReplyConsumer replies;
  private final TaskMessageCodec codec = new TaskMessageCodec();
  private final ObjectMapper json;
  private final String defaultQueue;
  private final String origin;
  private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicBoolean revocationsDeclared =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean delaysDeclared =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final dev.celeriac.client.events.EventDispatcher sentEvents;

  private Celeriac(Builder builder) {
    this.json = builder.json;
    this.defaultQueue = builder.defaultQueue;
    this.ownsConnection = builder.shared == null;
    this.connection =
        ownsConnection
            ? BrokerConnection.open(builder.broker, builder.connectionName)
            : builder.shared;
    this.publisher = new ConfirmingPublisher(connection);
    this.replies = new ReplyConsumer(connection);
    this.origin = "gen" + ProcessHandle.current().pid() + "@" + HostNames.local();
    this.sentEvents =
        builder.sendSentEvents
            ? new dev.celeriac.client.events.EventDispatcher(connection, origin)
            : null;
  }

  /** Connects to the broker at {@code url}, e.g. {@code amqp://guest:guest@localhost:5672//}. */
  public static Celeriac connect(String url) {
    return builder().url(url).build();
  }

  /** Connects to {@code CELERIAC_BROKER_URL}, or the local default broker when it is unset. */
  public static Celeriac connect() {
    return connect(ConfigKey.BROKER_URL.resolve(System.getenv()));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A task by name with untyped arguments; the result is mapped to {@code resultType}. */
  public <R> TaskRef<R> task(String name, Class<R> resultType) {
    return new TaskRef<>(this, requireName(name), json.constructType(resultType), null, false);
  }

  /** A task by name whose result is generic, e.g. {@code new TypeReference<List<String>>() {}}. */
  public <R> TaskRef<R> task(
      String name, com.fasterxml.jackson.core.type.TypeReference<R> resultType) {
    return new TaskRef<>(this, requireName(name), json.constructType(resultType), null, false);
  }

  /** A typed reference to a {@code @Task} method without parameters. */
  public <R> TaskRef0<R> task(TaskMethod.Of0<R> method) {
    return new TaskRef0<>(fromMethod(MethodReferences.resolve(method)));
  }

  /** A typed reference to a {@code @Task} method with one parameter. */
  public <A, R> TaskRef1<A, R> task(TaskMethod.Of1<A, R> method) {
    return new TaskRef1<>(fromMethod(MethodReferences.resolve(method)));
  }

  /** A typed reference to a {@code @Task} method with two parameters. */
  public <A, B, R> TaskRef2<A, B, R> task(TaskMethod.Of2<A, B, R> method) {
    return new TaskRef2<>(fromMethod(MethodReferences.resolve(method)));
  }

  /** A typed reference to a {@code @Task} method with three parameters. */
  public <A, B, C, R> TaskRef3<A, B, C, R> task(TaskMethod.Of3<A, B, C, R> method) {
    return new TaskRef3<>(fromMethod(MethodReferences.resolve(method)));
  }

  /** A typed reference to a {@code @Task} method with four parameters. */
  public <A, B, C, D, R> TaskRef4<A, B, C, D, R> task(TaskMethod.Of4<A, B, C, D, R> method) {
    return new TaskRef4<>(fromMethod(MethodReferences.resolve(method)));
  }

  private <R> TaskRef<R> fromMethod(Method method) {
    Task task = method.getAnnotation(Task.class);
    JavaType type = json.getTypeFactory().constructType(method.getGenericReturnType());
    String queue = task.queue().isBlank() ? null : task.queue().strip();
    return new TaskRef<>(this, TaskNames.nameOf(method), type, queue, task.ignoreResult());
  }

  private static String requireName(String name) {
    ConfigurationException.require(name != null && !name.isBlank(), "task name must not be blank");
    return name.strip();
  }

  <R> AsyncResult<R> send(
      TaskRef<R> ref, List<?> args, Map<String, ?> kwargs, TaskOptions options) {
    return apply(ref.signature(args, kwargs, false), options);
  }

  /** Sends one signature: registers for its result (unless ignored), publishes, confirms. */
  <R> AsyncResult<R> apply(Signature<R> signature, TaskOptions options) {
    Prepared prepared = prepare(signature, options, null, null);
    ResultSlot slot = prepared.ignoreResult() ? null : register(prepared.id());
    publish(prepared);
    return result(prepared.id(), signature, slot, List.of());
  }

  /** One message ready to publish, and where. */
  record Prepared(String id, String queue, boolean ignoreResult, TaskMessage message) {}

  /**
   * Builds the message for a signature. Options given at call time win over the signature's own
   * (Celery's rule); the signature's links become {@code embed.callbacks}/{@code errbacks}.
   */
  Prepared prepare(Signature<?> sig, TaskOptions options, String group, ArrayNode chain) {
    ObjectNode o = sig.options();
    String id = firstNonNull(options.taskId(), sig.taskId(), UUID.randomUUID().toString());
    String queue = firstNonNull(options.queue(), sig.queue(), defaultQueue);
    boolean ignoreResult =
        options.ignoreResult() != null
            ? options.ignoreResult()
            : o.path("ignore_result").asBoolean(false);
    Integer priority =
        options.priority() != null
            ? options.priority()
            : o.hasNonNull("priority") ? o.get("priority").asInt() : 0;
    String replyTo = o.hasNonNull("reply_to") ? o.get("reply_to").asText() : replies.queue();
    Instant now = Instant.now();
    Instant eta =
        options.eta() != null
            ? options.eta()
            : options.countdown() != null ? now.plus(options.countdown()) : null;
    Instant expires = options.expires();
    TaskHeaders headers =
        new TaskHeaders(
            id,
            sig.task(),
            "java",
            id,
            null,
            group,
            group == null || !o.hasNonNull("group_index") ? null : o.get("group_index").asInt(),
            0,
            utc(eta),
            utc(expires),
            new TimeLimit(seconds(options.timeLimit()), seconds(options.softTimeLimit())),
            null,
            null, // argsrepr and kwargsrepr: the codec writes them as Celery's saferepr does
            null,
            origin,
            ignoreResult,
            options.headers());
    TaskProperties properties =
        new TaskProperties(
            id,
            replyTo,
            priority,
            TaskProperties.PERSISTENT,
            expires == null ? null : expirationMillis(now, expires),
            TaskProperties.JSON,
            TaskProperties.UTF_8);
    Embed embed =
        new Embed(
            orNull(routed(sig.links(), queue)),
            orNull(routed(sig.errorLinks(), queue)),
            chain,
            null);
    // Arguments go in uncopied: a large map's items would otherwise be copied once more per send.
    return new Prepared(
        id,
        queue,
        ignoreResult,
        new TaskMessage(
            headers,
            new TaskBody(sig.argsForSending(), sig.kwargsForSending(), embed),
            properties));
  }

  private static Double seconds(Duration limit) {
    return limit == null ? null : limit.toNanos() / 1e9;
  }

  /**
   * Callbacks that name no queue go where their parent goes: the worker that publishes them (in any
   * language) would otherwise route them by its own app's table, usually to {@code celery}.
   */
  private static ArrayNode routed(ArrayNode signatures, String queue) {
    for (com.fasterxml.jackson.databind.JsonNode sig : signatures) {
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

  ResultSlot register(String id) {
    replies.start();
    return replies.register(id);
  }

  void unregister(String id) {
    replies.unregister(id);
  }

  void publish(Prepared prepared) {
    try {
      send(prepared.message(), prepared.queue());
    } catch (RuntimeException e) {
      replies.unregister(prepared.id());
      throw e;
    }
  }

  <R> AsyncResult<R> result(
      String id, Signature<R> sig, ResultSlot slot, List<ResultSlot> parents) {
    JavaType type = sig.resultType() != null ? sig.resultType() : json.constructType(Object.class);
    return new AsyncResult<>(id, sig.task(), slot, node -> convert(node, type), parents);
  }

  /** The queue a signature goes to when neither the call nor the signature names one. */
  String defaultQueue() {
    return defaultQueue;
  }

  /** Celery's rule: the remaining time in whole milliseconds, "0" when already past. */
  private static String expirationMillis(Instant now, Instant expires) {
    return Long.toString(Math.max(0, Duration.between(now, expires).toMillis()));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private <R> R convert(JsonNode node, JavaType type) {
    try {
      return json.convertValue(node, type);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "The task's result " + node + " cannot be read as " + type + ": " + e.getMessage());
    }
  }

  private void ensureQueue(String queue) {
    if (declaredQueues.contains(queue)) {
      return;
    }
    Topology.ensureTaskQueue(connection, queue, null, connection.settings().queueType());
    if (connection.brokerDelays()) {
      Channel channel = connection.createChannel();
      try {
        if (delaysDeclared.compareAndSet(false, true)) {
          DelayedDelivery.declare(channel, connection.settings().queueType());
        }
        DelayedDelivery.bindQueue(channel, queue);
      } finally {
        Topology.closeQuietly(channel);
      }
    }
    declaredQueues.add(queue);
  }

  @SafeVarargs
  static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The Jackson mapper used for arguments and results. */
  public ObjectMapper json() {
    return json;
  }

  /** The broker connection this app uses. */
  public BrokerConnection connection() {
    return connection;
  }

  /**
   * Sends a prepared protocol message to {@code queue} and waits for the broker's confirm. For code
   * that builds messages itself, such as a worker publishing retries, chain steps and callbacks;
   * tasks are normally sent with {@link TaskRef#delay}.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm it
   */
  public void send(TaskMessage message, String queue) {
    publisher.await(sendAsync(message, queue), queue);
  }

  /**
   * Like {@link #send} but returns at once with a future completed by the broker's confirm, so many
   * messages can be in flight (pipelined confirms).
   */
  public CompletableFuture<Void> sendAsync(TaskMessage message, String queue) {
    EncodedMessage encoded = codec.encode(message);
    ensureQueue(queue);
    if (sentEvents != null) {
      SentEvents.send(sentEvents, message, queue);
    }
    long delay = brokerDelaySeconds(message);
    if (delay > 0) {
      // Held by the broker's celery_delayed_* queues until due; the eta header stays exact and
      // the worker waits out the remaining fraction of a second.
      return publisher.publishAsync(
          DelayedDelivery.entryExchange(),
          DelayedDelivery.routingKey(delay, queue),
          AmqpProperties.forTask(encoded),
          encoded.body());
    }
    return publisher.publishAsync("", queue, AmqpProperties.forTask(encoded), encoded.body());
  }

  /**
   * Sends many calls of one task with pipelined confirms: every message is published, then all
   * confirms are awaited, so reliability does not cost a round trip per task.
   *
   * @throws dev.celeriac.broker.PublishException when any message is not confirmed (the others may
   *     have been sent; their results still arrive)
   */
  public <R> List<AsyncResult<R>> applyAll(List<Signature<R>> signatures, TaskOptions options) {
    List<AsyncResult<R>> results = new java.util.ArrayList<>(signatures.size());
    List<CompletableFuture<Void>> confirms = new java.util.ArrayList<>(signatures.size());
    for (Signature<R> signature : signatures) {
      Prepared prepared = prepare(signature, options, null, null);
      ResultSlot slot = prepared.ignoreResult() ? null : register(prepared.id());
      confirms.add(sendAsync(prepared.message(), prepared.queue()));
      results.add(result(prepared.id(), signature, slot, List.of()));
    }
    for (CompletableFuture<Void> confirm : confirms) {
      publisher.await(confirm, "bulk");
    }
    return results;
  }

  /**
   * Revokes a task: no worker will run it, including workers started later (the revoke is kept in
   * the broker's {@code celeriac.revoked} stream for seven days). A task already running keeps
   * running unless {@code terminate} is set, which interrupts it; either way its caller gets
   * REVOKED when a worker reaches it.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm the revoke
   */
  public void revoke(String taskId, boolean terminate) {
    if (!recordRevoke(taskId, terminate)) {
      // No stream to keep it in (logged at connect): running workers hear the broadcast.
      control().broadcastRevoke(taskId, terminate);
    }
  }

  /**
   * Keeps a revoke in the broker's {@code celeriac.revoked} stream, where workers started later
   * find it. The one place that knows whether the broker has streams.
   *
   * @return false, doing nothing, on a broker without streams (said once at connect)
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm the revoke
   */
  public boolean recordRevoke(String taskId, boolean terminate) {
    ConfigurationException.require(
        taskId != null && !taskId.isBlank(), "task id must not be blank");
    if (!connection.dialect().streams()) {
      return false;
    }
    if (revocationsDeclared.compareAndSet(false, true)) {
      Channel channel = connection.createChannel();
      try {
        Revocations.declare(channel);
      } finally {
        Topology.closeQuietly(channel);
      }
    }
    ObjectNode body = json.createObjectNode().put("task_id", taskId).put("terminate", terminate);
    publisher.publish(
        "",
        Revocations.STREAM,
        new com.rabbitmq.client.AMQP.BasicProperties.Builder()
            .contentType(TaskProperties.JSON)
            .contentEncoding(TaskProperties.UTF_8)
            .deliveryMode(TaskProperties.PERSISTENT)
            .build(),
        CeleryJson.writeBytes(body));
    return true;
  }

  /** Remote control of workers: revoke that both Celeriac and Python workers honour. */
  public dev.celeriac.client.control.Control control() {
    return new dev.celeriac.client.control.Control(connection, this::recordRevoke);
  }

  /**
   * SCOOP-style futures on this app: submit, map, mapReduce, as-completed and waits.
   *
   * <pre>{@code
   * int total = app.futures().mapReduce(mySum, Integer::sum, inputs);
   * }</pre>
   */
  public dev.celeriac.client.futures.Futures futures() {
    return new dev.celeriac.client.futures.Futures(this);
  }

  /** Same as {@code revoke(taskId, false)}. */
  public void revoke(String taskId) {
    revoke(taskId, false);
  }

  /** Whole seconds until the message's eta when the broker should hold it, else 0. */
  private long brokerDelaySeconds(TaskMessage message) {
    if (!connection.brokerDelays() || message.headers().eta() == null) {
      return 0;
    }
    return DelayedDelivery.brokerSeconds(
        Duration.between(Instant.now(), message.headers().eta().toInstant()));
  }

  /**
   * Publishes a signature on behalf of a running task, as a worker does for chain steps and
   * callbacks: the new task's root is the workflow's root and its parent the running task.
   *
   * @param queue where it goes unless the signature names a queue
   * @param chain the remaining chain steps (last first) to carry along, or null
   * @return the id the task was sent with
   */
  public String sendFollowUp(
      Signature<?> signature, String rootId, String parentId, String queue, ArrayNode chain) {
    return sendFollowUp(signature, rootId, parentId, queue, chain, null);
  }

  /**
   * As {@link #sendFollowUp(Signature, String, String, String, ArrayNode)}, for a member of the
   * group {@code groupId} (its {@code group_index} comes from the signature's options).
   */
  public String sendFollowUp(
      Signature<?> signature,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId) {
    Prepared prepared = prepare(signature, TaskOptions.NONE, groupId, chain);
    TaskMessage message = prepared.message();
    TaskMessage placed =
        new TaskMessage(
            message.headers().withWorkflow(rootId, parentId), message.body(), message.properties());
    send(placed, signature.queue() != null ? signature.queue() : queue);
    return prepared.id();
  }

  /** The queue this app's results arrive on; goes into {@code reply_to}. */
  public String replyQueue() {
    return replies.queue();
  }

  /** {@code gen<pid>@<host>}, this app's {@code origin} header. */
  public String origin() {
    return origin;
  }

  /** Closes the app, and its connection unless that was shared; results still awaited fail. */
  @Override
  public void close() {
    if (sentEvents != null) {
      sentEvents.close();
    }
    replies.close();
    publisher.close();
    if (ownsConnection) {
      connection.close();
    }
  }

  /** Builder for an app. */
  public static final class Builder {
    private BrokerSettings broker = BrokerSettings.builder().build();
    private String defaultQueue = Topology.DEFAULT_QUEUE;
    private String connectionName = "celeriac-client";
    private ObjectMapper json = CeleryJson.mapper();
    private BrokerConnection shared;
    private boolean sendSentEvents;

    private Builder() {}

    /**
     * Sends a {@code task-sent} event on {@code celeryev} for every task this app publishes,
     * Celery's {@code task_send_sent_event}. Default false.
     */
    public Builder sendSentEvents(boolean sendSentEvents) {
      this.sendSentEvents = sendSentEvents;
      return this;
    }

    /**
     * Uses an open connection instead of opening one; the app does not close it. A worker uses this
     * to publish retries, chain steps and callbacks on its own connection.
     */
    public Builder connection(BrokerConnection shared) {
      this.shared = shared;
      return this;
    }

    /** Broker URL(s); shorthand for {@code broker(BrokerSettings.of(url))}. */
    public Builder url(String url) {
      this.broker = broker.toBuilder().url(url).build();
      return this;
    }

    public Builder broker(BrokerSettings broker) {
      this.broker = broker;
      return this;
    }

    /**
     * The queue tasks go to when neither the call nor {@code @Task} names one. Default {@code
     * celery}.
     */
    public Builder defaultQueue(String defaultQueue) {
      ConfigurationException.require(
          defaultQueue != null && !defaultQueue.isBlank(), "default queue must not be blank");
      this.defaultQueue = defaultQueue;
      return this;
    }

    /** The connection name shown by the broker. Default {@code celeriac-client}. */
    public Builder connectionName(String connectionName) {
      this.connectionName = connectionName;
      return this;
    }

    /** The Jackson mapper for arguments and results. Default {@link CeleryJson#mapper()}. */
    public Builder json(ObjectMapper json) {
      this.json = json;
      return this;
    }

    /**
     * Connects.
     *
     * @throws dev.celeriac.broker.BrokerUnavailableException when the broker cannot be reached
     */
    public Celeriac build() {
      return new Celeriac(this);
    }
  }
}
