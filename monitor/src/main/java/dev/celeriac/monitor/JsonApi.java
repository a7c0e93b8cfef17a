package dev.celeriac.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.celeriac.broker.deadletter.DeadLetterQueue;
import dev.celeriac.client.http.HttpEndpoint;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.monitor.state.ClusterState;
import dev.celeriac.monitor.state.TaskView;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API the UI polls, also usable from scripts:
 *
 * <pre>
 * GET  /api/token                        the token actions need, see {@link ActionGuard}
 * GET  /api/overview                     broker, counts, throughput
 * GET  /api/workers
 * GET  /api/queues
 * GET  /api/beat                         the beat group's sender, entries, last and next runs
 * GET  /api/tasks?search=&amp;state=&amp;limit=
 * GET  /api/tasks/{id}                   with "stored": the result backend's copy, when
 *                                        events lack the task's end
 * POST /api/tasks/{id}/revoke[?terminate=true]
 * POST /api/workers/{hostname}/shutdown
 * POST /api/queues/{name}/purge
 * POST /api/queues/{name}/replay          dead letters back onto the queue
 * </pre>
 *
 * <p>GET never changes anything. A POST acts only when {@link ActionGuard} lets it: it carries the
 * token in the header {@code X-Celeriac-Token} and comes from no other site; otherwise 403 with the
 * reason, so another site cannot make a logged-in browser act.
 */
final class JsonApi {

  private static final Logger log = LoggerFactory.getLogger(JsonApi.class);
  private static final int REPLAY_MAX = 10_000;
  private static final Set<String> READY = Set.of("SUCCESS", "FAILURE", "REVOKED");

  private final Monitor monitor;
  private final ObjectMapper json;
  private final ActionGuard guard;

  JsonApi(Monitor monitor, ObjectMapper json, ActionGuard guard) {
    this.monitor = monitor;
    this.json = json;
    this.guard = guard;
  }

  void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      List<String> path =
          Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
              .filter(s -> !s.isEmpty())
              .skip(1) // "api"
              .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
              .toList();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String method = exchange.getRequestMethod();
      try {
        Object body =
            switch (method) {
              case "GET" -> get(path, query);
              case "POST" -> {
                Optional<String> refusal = guard.refusal(exchange.getRequestHeaders());
                if (refusal.isPresent()) {
                  log.warn("{} {} {}", method, exchange.getRequestURI(), refusal.get());
                  reply(exchange, 403, Map.of("error", refusal.get()));
                  yield null;
                }
                yield post(path, query);
              }
              default -> throw new NotFound("no " + method + " here");
            };
        if (body != null) {
          reply(exchange, 200, body);
        }
      } catch (NotFound e) {
        reply(exchange, 404, Map.of("error", e.getMessage()));
      } catch (CeleriacException e) {
        log.warn("{} {} failed: {}", method, exchange.getRequestURI(), e.getMessage());
        reply(exchange, 502, Map.of("error", e.getMessage()));
      } catch (RuntimeException e) {
        log.warn("{} {} failed", method, exchange.getRequestURI(), e);
        reply(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
      }
    }
  }

  private Object get(List<String> path, Map<String, String> query) {
    if (path.equals(List.of("token"))) {
      return Map.of("header", ActionGuard.HEADER, "token", guard.token());
    }
    ClusterState state = monitor.state();
    if (path.equals(List.of("overview"))) {
      Map<String, Object> overview = new LinkedHashMap<>();
      overview.put("broker", monitor.brokerDescription());
      overview.put("connected", monitor.brokerConnected());
      overview.put("events", state.eventCount());
      overview.put("tasksHeld", state.taskCount());
      overview.put("maxTasks", monitor.settings().maxTasks());
      overview.put("states", state.taskStates());
      overview.put("workersOnline", state.workers().stream().filter(w -> w.online()).count());
      overview.put("queueSource", monitor.queueSource());
      overview.put("throughput", state.throughput());
      return overview;
    }
    if (path.equals(List.of("workers"))) {
      return state.workers();
    }
    if (path.equals(List.of("queues"))) {
      return monitor.queues();
    }
    if (path.equals(List.of("beat"))) {
      return monitor.beat().get();
    }
    if (path.equals(List.of("tasks"))) {
      int limit = Math.clamp(parseInt(query.get("limit"), 100), 1, 1000);
      return state.tasks(query.get("search"), query.get("state"), limit);
    }
    if (path.size() == 2 && path.get(0).equals("tasks")) {
      return task(path.get(1));
    }
    throw new NotFound("no such resource: /api/" + String.join("/", path));
  }

  /**
   * A task as its events tell it; when they do not tell its end (a worker without {@code -E}, or
   * history dropped), with what a durable result backend stores under {@code stored}.
   */
  private Object task(String id) {
    TaskView task = monitor.state().task(id);
    if (task != null && READY.contains(task.state())) {
      return task;
    }
    Optional<ResultMessage> stored;
    try {
      stored = monitor.storedResult(id);
    } catch (CeleriacException e) {
      if (task == null) {
        throw e;
      }
      log.warn("Cannot read the stored result of {}: {}", id, e.getMessage());
      return task;
    }
    if (stored.isEmpty()) {
      if (task == null) {
        throw new NotFound("no task " + id + " in the monitor's history or the result backend");
      }
      return task;
    }
    ObjectNode view = task == null ? json.createObjectNode().put("id", id) : json.valueToTree(task);
    ResultMessage result = stored.get();
    ObjectNode copy = view.putObject("stored").put("state", result.status().wireName());
    switch (result.status()) {
      case SUCCESS -> copy.put("result", result.result().toString());
      case FAILURE, RETRY, REVOKED -> {
        RemoteException error = ResultCodec.decodeException(result.result());
        copy.put("exception", error.type() + ": " + error.messageText());
        copy.put("traceback", result.traceback());
      }
      default -> {}
    }
    return view;
  }

  private Object post(List<String> path, Map<String, String> query) {
    if (path.size() != 3) {
      throw new NotFound("no such action: /api/" + String.join("/", path));
    }
    String target = path.get(1);
    String action = path.get(0) + "/" + path.get(2);
    switch (action) {
      case "tasks/revoke" -> {
        boolean terminate = Boolean.parseBoolean(query.get("terminate"));
        monitor.revoke(target, terminate);
        log.info("Revoked {} from the monitor (terminate={})", target, terminate);
        return Map.of("revoked", target, "terminate", terminate);
      }
      case "workers/shutdown" -> {
        monitor.shutdownWorker(target);
        log.info("Asked worker {} to shut down from the monitor", target);
        return Map.of("shutdown", target);
      }
      case "queues/purge" -> {
        long purged = monitor.purge(target);
        log.info("Purged {} message(s) from {} from the monitor", purged, target);
        return Map.of("queue", target, "purged", purged);
      }
      case "queues/replay" -> {
        DeadLetterQueue.Replayed r = monitor.replayDeadLetters(target, REPLAY_MAX);
        log.info("Replayed {} dead letter(s) onto {} from the monitor", r.replayed(), target);
        if (r.heldBack() > 0) {
          log.warn(
              "Held back {} dead letter(s) of {} that message signing refused: replay never signs"
                  + " them; see celeriac dead-letters replay --security-cert-store",
              r.heldBack(),
              target);
        }
        return Map.of("queue", target, "replayed", r.replayed(), "heldBack", r.heldBack());
      }
      default -> throw new NotFound("no such action: /api/" + String.join("/", path));
    }
  }

  private void reply(HttpExchange exchange, int status, Object body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    HttpEndpoint.send(
        exchange, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static int parseInt(String text, int fallback) {
    try {
      return text == null || text.isBlank() ? fallback : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message, null, false, false);
    }
  }
}
