package dev.celeriac.client.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.security.MessageSigning;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Remote control of workers of both languages over Celery's pidbox, Celery's {@code app.control}.
 * Immutable: {@link #to} and {@link #timeout} return adjusted copies.
 *
 * <pre>{@code
 * app.control().revoke(result.id());                         // never run it
 * Map<String, JsonNode> pongs = app.control().inspect().ping(); // node -> {"ok": "pong"}
 * app.control().to("celery@host1").rateLimit("tasks.add", "10/m");
 * app.control().to("celery@host1").shutdown();
 * }</pre>
 *
 * <p>Commands that return {@code Map<String, JsonNode>} wait for replies: until every addressed
 * node answered, or the timeout (default 1 s, Celery's) when addressing all workers. Each value is
 * the node's reply as Celery shapes it ({@code {"ok": "..."}} or {@code {"error": "..."}} for
 * control commands). A node that does not answer in time is simply missing from the map.
 */
public final class Control {

  /** Celery's default reply timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  private final BrokerConnection connection;
  private final BiConsumer<String, Boolean> durableRevoke;
  private final List<String> destination;
  private final Duration timeout;
  private final MessageSigning signing;

  /** For {@code Celeriac.control()}; {@code durableRevoke} records a revoke in the broker. */
  public Control(BrokerConnection connection, BiConsumer<String, Boolean> durableRevoke) {
    this(connection, durableRevoke, null);
  }

  /**
   * As {@link #Control(BrokerConnection, BiConsumer)}, signing requests and accepting only signed
   * replies when {@code signing} is not null, as Celery's pidbox does after {@code
   * setup_security()} (it uses the task serializer and accepted content).
   */
  public Control(
      BrokerConnection connection,
      BiConsumer<String, Boolean> durableRevoke,
      MessageSigning signing) {
    this(connection, durableRevoke, null, DEFAULT_TIMEOUT, signing);
  }

  private Control(
      BrokerConnection connection,
      BiConsumer<String, Boolean> durableRevoke,
      List<String> destination,
      Duration timeout,
      MessageSigning signing) {
    this.connection = connection;
    this.durableRevoke = durableRevoke;
    this.destination = destination;
    this.timeout = timeout;
    this.signing = signing;
  }

  /** Addresses only these node names (e.g. {@code celery@host1}); none given: every worker. */
  public Control to(String... nodes) {
    return to(List.of(nodes));
  }

  /** Addresses only these node names; an empty list addresses every worker. */
  public Control to(List<String> nodes) {
    return new Control(
        connection, durableRevoke, nodes.isEmpty() ? null : List.copyOf(nodes), timeout, signing);
  }

  /** How long to wait for replies. */
  public Control timeout(Duration timeout) {
    ConfigurationException.require(
        timeout != null && !timeout.isNegative() && !timeout.isZero(),
        "a reply timeout must be positive; got " + timeout);
    return new Control(connection, durableRevoke, destination, timeout, signing);
  }

  /** Celery's {@code inspect}: read-only queries, addressed like this control. */
  public Inspect inspect() {
    return new Inspect(this);
  }

  /** Revokes a task; see {@link #revoke(String, boolean)}. */
  public void revoke(String taskId) {
    revoke(taskId, false);
  }

  /**
   * Revokes a task for every worker, in both languages: recorded in the broker's revoke stream
   * (Celeriac workers, including those started later) and broadcast as Celery's pidbox {@code
   * revoke} (live Python workers). With {@code terminate} a running task is interrupted.
   */
  public void revoke(String taskId, boolean terminate) {
    durableRevoke.accept(taskId, terminate); // nothing on a broker without streams
    broadcastRevoke(taskId, terminate);
  }

  /** Celery's pidbox {@code revoke} broadcast alone, heard by the workers running now. */
  public void broadcastRevoke(String taskId, boolean terminate) {
    ObjectNode arguments =
        args().put("task_id", taskId).put("terminate", terminate).put("signal", "SIGTERM");
    PidboxClient.cast(connection, signing, "revoke", arguments, destination);
  }

  /**
   * Warm shutdown of the addressed workers. Celeriac workers confirm with {@code {"ok": "shutting
   * down"}}; Python workers stop without replying.
   */
  public Map<String, JsonNode> shutdown() {
    return call("shutdown", args().put("msg", "Got shutdown from remote"));
  }

  /**
   * Sets a task's rate limit on the addressed workers, e.g. {@code "10/m"}, {@code "2/s"}, {@code
   * "100/h"}; {@code "0"} removes it. Replies {@code {"ok": "new rate limit set successfully"}}, or
   * {@code {"error": "unknown task"}} from workers that do not have it.
   */
  public Map<String, JsonNode> rateLimit(String taskName, String rate) {
    return call("rate_limit", args().put("task_name", taskName).put("rate_limit", rate));
  }

  /** Makes the addressed workers consume {@code queue} too. */
  public Map<String, JsonNode> addConsumer(String queue) {
    return call("add_consumer", args().put("queue", queue));
  }

  /** Makes the addressed workers stop consuming {@code queue}. */
  public Map<String, JsonNode> cancelConsumer(String queue) {
    return call("cancel_consumer", args().put("queue", queue));
  }

  /**
   * Sends any pidbox command and collects the replies, for commands this class does not name.
   *
   * @return node name → reply
   */
  public Map<String, JsonNode> call(String method, ObjectNode arguments) {
    return PidboxClient.call(connection, signing, method, arguments, destination, timeout);
  }

  static ObjectNode args() {
    return JsonNodeFactory.instance.objectNode();
  }
}
