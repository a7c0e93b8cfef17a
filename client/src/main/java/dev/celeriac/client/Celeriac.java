package dev.celeriac.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.Task;
import dev.celeriac.TaskNames;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerKeys;
import dev.celeriac.client.control.Control;
import dev.celeriac.client.events.EventDispatcher;
import dev.celeriac.client.futures.Futures;
import dev.celeriac.client.internal.AppInternals;
import dev.celeriac.client.internal.MethodReferences;
import dev.celeriac.client.internal.RevokeStore;
import dev.celeriac.client.internal.SentEvents;
import dev.celeriac.client.internal.TaskPublisher;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.spi.BrokerPort;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.security.MessageSigning;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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
 * <p>For tests and embedding, {@link CeleriacBuilder#buildOn} builds an app over a stand-in for the
 * broker instead of a connection.
 *
 * <p>Messages follow Celery's task protocol v2 with JSON, and results come through the app's result
 * backend, {@code rpc://} by default, so Python Celery workers can run the tasks this app sends and
 * vice versa. A worker reaches the app's plumbing through {@link
 * dev.celeriac.client.spi.WorkerClient#of}, not through this class.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. Any thread, including virtual threads, may call tasks concurrently. Results arrive
 * on the result backend's thread (for {@code rpc://}, one reply queue per app) by task id.
 */
public final class Celeriac implements AutoCloseable {

  static {
    AppInternals.install(app -> app.workerClient);
  }

  private final ObjectMapper json;
  private final BrokerConnection connection;
  private final boolean ownsConnection;
  private final BrokerPort port;
  private final ResultBackend results;
  private final EventDispatcher sentEvents;
  private final TaskCalls calls;
  private final RevokeStore revokes;
  private final AppWorkerClient workerClient;
  private final MessageSigning signing; // null: messages are plain JSON

  /**
   * Assembles an app; {@link CeleriacBuilder} calls this.
   *
   * @param connection null for an app over a stand-in broker ({@link CeleriacBuilder#buildOn})
   * @param ownsConnection whether {@link #close} closes the connection
   */
  Celeriac(
      CeleriacBuilder builder,
      BrokerConnection connection,
      boolean ownsConnection,
      BrokerPort port,
      ResultBackend results,
      Clock clock) {
    this.json = builder.json();
    this.signing = builder.signing();
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.port = port;
    this.results = results;
    String origin = "gen" + ProcessHandle.current().pid() + "@" + HostNames.local();
    this.sentEvents =
        builder.sendSentEvents() && connection != null
            ? new EventDispatcher(connection, origin)
            : null;
    TaskPublisher publisher =
        new TaskPublisher(
            port,
            sentEvents == null
                ? (message, queue) -> {}
                : (m, q) -> SentEvents.send(sentEvents, m, q),
            clock,
            signing == null ? UnaryOperator.identity() : signing::seal);
    TaskMessageFactory messages =
        TaskMessageFactory.builder()
            .defaultQueue(builder.defaultQueue())
            .origin(origin)
            .replyTo(results.replyTo())
            .clock(clock)
            .build();
    this.calls = new TaskCalls(messages, publisher, new ResultWatches(results), json);
    this.revokes =
        new RevokeStore(port, (id, terminate) -> control().broadcastRevoke(id, terminate));
    this.workerClient = new AppWorkerClient(connection, calls, revokes, results);
  }

  /** Connects to the broker at {@code url}, e.g. {@code amqp://guest:guest@localhost:5672//}. */
  public static Celeriac connect(String url) {
    return builder().url(url).build();
  }

  /** Connects to {@code CELERIAC_BROKER_URL}, or the local default broker when it is unset. */
  public static Celeriac connect() {
    return connect(BrokerKeys.BROKER_URL.resolve(System.getenv()));
  }

  /** A builder for an app with settings other than the defaults. */
  public static CeleriacBuilder builder() {
    return new CeleriacBuilder();
  }

  /** A task by name with untyped arguments; the result is mapped to {@code resultType}. */
  public <R> TaskRef<R> task(String name, Class<R> resultType) {
    return new TaskRef<>(this, requireName(name), json.constructType(resultType), null, false);
  }

  /** A task by name whose result is generic, e.g. {@code new TypeReference<List<String>>() {}}. */
  public <R> TaskRef<R> task(String name, TypeReference<R> resultType) {
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

  /**
   * Sends many signatures with pipelined confirms: every message is published, then all confirms
   * are awaited, so reliability does not cost a round trip per task.
   *
   * @throws dev.celeriac.broker.PublishException when any message is not confirmed (the others may
   *     have been sent; their results still arrive)
   */
  public <R> List<AsyncResult<R>> applyAll(List<Signature<R>> signatures, TaskOptions options) {
    return calls.applyAll(signatures, options);
  }

  /**
   * The result of any task by id, its value read as JSON types. See {@link #result(String, Class)}.
   */
  public AsyncResult<Object> result(String taskId) {
    return result(taskId, Object.class);
  }

  /**
   * The result of any task by id, e.g. one a previous run of this program sent. A task this app
   * sent and still watches is answered from its watch; any other id from the result backend. On
   * {@code rpc://}, which keeps results nowhere but in the sender's reply queue, {@code state()}
   * and {@code get()} of an id this app does not watch raise a {@link ConfigurationException} that
   * says so; {@code forget()} works for every id.
   */
  public <R> AsyncResult<R> result(String taskId, Class<R> resultType) {
    return calls.result(taskId, json.constructType(resultType));
  }

  /**
   * A group saved with {@link GroupResult#save()}, here or by Python Celery, by its id: its
   * members' results in member order, their values read as JSON types. See {@link
   * #groupResult(String, Class)}.
   */
  public Optional<GroupResult<Object>> groupResult(String groupId) {
    return groupResult(groupId, Object.class);
  }

  /**
   * A group saved with {@link GroupResult#save()}, here or by Python Celery ({@code
   * GroupResult.save()}), by its id, as Celery's {@code GroupResult.restore(id)}: its members'
   * results in member order, each as {@link #result(String, Class)} gives it; empty when the
   * backend holds no group under that id (never saved, or expired).
   *
   * @throws ConfigurationException on {@code rpc://}, which keeps no groups
   */
  public <R> Optional<GroupResult<R>> groupResult(String groupId, Class<R> resultType) {
    return calls.groupResult(groupId, json.constructType(resultType));
  }

  /** The Jackson mapper used for arguments and results. */
  public ObjectMapper json() {
    return json;
  }

  /** Same as {@code revoke(taskId, false)}. */
  public void revoke(String taskId) {
    revoke(taskId, false);
  }

  /**
   * Revokes a task: no worker will run it, including workers started later (the revoke is kept in
   * the broker's {@code celeriac.revoked} stream for seven days; a broker without streams gets
   * Celery's broadcast, heard by the workers running now). A task already running keeps running
   * unless {@code terminate} is set, which interrupts it; either way its caller gets REVOKED when a
   * worker reaches it.
   *
   * @throws dev.celeriac.broker.PublishException when the broker does not confirm the revoke
   */
  public void revoke(String taskId, boolean terminate) {
    revokes.revoke(taskId, terminate);
  }

  /**
   * Remote control of workers: revoke that both Celeriac and Python workers honour.
   *
   * @throws ConfigurationException on an app over a stand-in broker ({@link
   *     CeleriacBuilder#buildOn}), which has no connection to send commands on
   */
  public Control control() {
    return new Control(requireConnection(connection, "remote control"), revokes::record, signing);
  }

  /**
   * {@code connection}, unless the app has none because it was built over a stand-in broker.
   *
   * @param what what needs it, for the message
   */
  static BrokerConnection requireConnection(BrokerConnection connection, String what) {
    if (connection == null) {
      throw new ConfigurationException(
          what
              + " needs a broker connection, and this app was built over a stand-in broker"
              + " (CeleriacBuilder.buildOn) without one; use an app connected to RabbitMQ");
    }
    return connection;
  }

  /**
   * SCOOP-style futures on this app: submit, map, mapReduce, as-completed and waits.
   *
   * <pre>{@code
   * int total = app.futures().mapReduce(mySum, Integer::sum, inputs);
   * }</pre>
   */
  public Futures futures() {
    return new Futures(this);
  }

  TaskCalls calls() {
    return calls;
  }

  /** Closes the app, and its connection unless that was shared; results still awaited fail. */
  @Override
  public void close() {
    if (sentEvents != null) {
      sentEvents.close();
    }
    results.close();
    port.close();
    if (ownsConnection) {
      connection.close();
    }
  }
}
