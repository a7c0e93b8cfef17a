package dev.celeriac.client.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Celery's {@code app.control.inspect()}: read-only queries answered by every addressed worker of
 * either language. Each returns node name → that node's reply, in Celery's shapes.
 *
 * <pre>{@code
 * Map<String, JsonNode> registered = app.control().inspect().registered();
 * registered.forEach((node, names) -> System.out.println(node + ": " + names));
 * }</pre>
 */
public final class Inspect {

  private final Control control;

  Inspect(Control control) {
    this.control = control;
  }

  /** {@code {"ok": "pong"}} per live node. */
  public Map<String, JsonNode> ping() {
    return control.call("ping", Control.args());
  }

  /** Registered task names per node (a JSON array). */
  public Map<String, JsonNode> registered() {
    return control.call(
        "registered", Control.args().set("taskinfoitems", Control.args().arrayNode()));
  }

  /** Running tasks per node: request objects with {@code id}, {@code name}, {@code args}, ... */
  public Map<String, JsonNode> active() {
    return control.call("active", Control.args().putNull("safe"));
  }

  /** Tasks received and waiting for a slot, per node. */
  public Map<String, JsonNode> reserved() {
    return control.call("reserved", Control.args());
  }

  /** Tasks waiting for their ETA per node: {@code {eta, priority, request}} objects. */
  public Map<String, JsonNode> scheduled() {
    return control.call("scheduled", Control.args());
  }

  /** Worker statistics per node: {@code total}, {@code pid}, {@code uptime}, {@code pool}, ... */
  public Map<String, JsonNode> stats() {
    return control.call("stats", Control.args());
  }

  /** The revoked task ids each node remembers. */
  public Map<String, JsonNode> revoked() {
    return control.call("revoked", Control.args());
  }

  /** The queues each node consumes, as kombu queue descriptions. */
  public Map<String, JsonNode> activeQueues() {
    return control.call("active_queues", Control.args());
  }
}
