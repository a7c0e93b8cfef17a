package dev.celeriac.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.control.Control;
import dev.celeriac.monitor.state.ClusterState;
import java.util.Map;

/**
 * The pool and concurrency of each worker, which heartbeats do not carry, from Celery's {@code
 * stats} over the pidbox.
 */
final class WorkerStats {

  private WorkerStats() {}

  /** Asks every worker for {@code stats} (waiting for the control's timeout) and records them. */
  static void refresh(Control control, ClusterState state) {
    for (Map.Entry<String, JsonNode> reply : control.inspect().stats().entrySet()) {
      JsonNode pool = reply.getValue().path("pool");
      Integer concurrency =
          pool.path("max-concurrency").isNumber() ? pool.path("max-concurrency").asInt() : null;
      state.workerStats(reply.getKey(), poolName(pool), concurrency);
    }
  }

  /**
   * The pool's kind from a {@code stats} reply: Celeriac names it ({@code celeriac:virtual});
   * Celery 5.2 only shows it through the keys it fills (thread pools list {@code threads}, prefork
   * lists {@code processes}).
   */
  static String poolName(JsonNode pool) {
    if (pool.path("implementation").isTextual()) {
      String name = pool.path("implementation").asText();
      return name.startsWith("celeriac:") ? name.substring("celeriac:".length()) : name;
    }
    if (pool.has("threads")) {
      return "threads";
    }
    if (pool.has("processes")) {
      return "prefork";
    }
    return pool.isObject() && pool.path("max-concurrency").asInt() == 1 ? "solo" : null;
  }
}
