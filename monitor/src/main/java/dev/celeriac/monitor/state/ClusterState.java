package dev.celeriac.monitor.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.protocol.WorkerEventType;
import dev.celeriac.state.TaskState;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as Celery's events tell it: tasks and workers, folded from {@code task-*} and {@code
 * worker-*} events (Celery's field names), with a bounded memory. At most {@code maxTasks} tasks
 * are kept; when a new one arrives the one updated longest ago is dropped. Workers are bounded the
 * same way by {@code maxWorkers}.
 *
 * <pre>{@code
 * ClusterState state = new ClusterState(10_000, 1_000, InstantSource.system(), (s, t) -> {});
 * EventCodec.decode(body).forEach(state::apply);
 * state.tasks("tasks.add", null, 50);
 * }</pre>
 *
 * <p>Event types map to states through {@link TaskEventType}, as Celery maps them. Events may
 * arrive out of order (a client's {@code task-sent} and a worker's batched {@code task.multi}
 * travel apart): a task that reached a final state (SUCCESS, FAILURE, REVOKED) keeps it when an
 * earlier event arrives late, and PENDING never replaces a later state. REJECTED is not final, as
 * in Celery: a requeued message is received and run again.
 *
 * <p><b>Concurrency:</b> thread-safe; every method holds this object's lock briefly. The observer
 * is called under the lock and must be quick.
 */
public final class ClusterState {

  /** A worker whose heartbeats stopped for this many intervals is shown offline. */
  public static final double HEARTBEAT_EXPIRY_FACTOR = 3.0;

  private final int maxTasks;
  private final int maxWorkers;
  private final InstantSource clock;
  private final TaskObserver observer;
  private final Throughput throughput = new Throughput();

  // Insertion order is update order: an updated entry is removed and put back at the end.
  private final LinkedHashMap<String, TaskView> tasks = new LinkedHashMap<>();
  private final LinkedHashMap<String, WorkerView> workers = new LinkedHashMap<>();
  private long events;

  public ClusterState(int maxTasks, int maxWorkers, InstantSource clock, TaskObserver observer) {
    ConfigurationException.require(maxTasks > 0, "max tasks must be positive, got " + maxTasks);
    ConfigurationException.require(
        maxWorkers > 0, "max workers must be positive, got " + maxWorkers);
    this.maxTasks = maxTasks;
    this.maxWorkers = maxWorkers;
    this.clock = clock;
    this.observer = observer;
  }

  /** Folds one event in; events of other types are counted and otherwise ignored. */
  public synchronized void apply(ObjectNode event) {
    events++;
    String type = event.path("type").asText();
    TaskEventType.fromWire(type).ifPresent(t -> applyTask(t, event));
    WorkerEventType.fromWire(type).ifPresent(t -> applyWorker(t, event));
  }

  private void applyTask(TaskEventType type, ObjectNode e) {
    String id = text(e, "uuid");
    if (id == null) {
      return;
    }
    TaskView old = tasks.remove(id);
    double now = nowSeconds();
    Double at = number(e, "timestamp");
    TaskState state = merge(old == null ? null : TaskState.fromWire(old.state()), type.state());
    boolean fromWorker = !type.fromClient();
    TaskView task =
        new TaskView(
            id,
            first(text(e, "name"), old == null ? null : old.name()),
            state.wireName(),
            first(text(e, "args"), old == null ? null : old.args()),
            first(text(e, "kwargs"), old == null ? null : old.kwargs()),
            first(
                first(text(e, "queue"), text(e, "routing_key")), old == null ? null : old.queue()),
            first(fromWorker ? text(e, "hostname") : null, old == null ? null : old.worker()),
            type == TaskEventType.SUCCEEDED ? text(e, "result") : old == null ? null : old.result(),
            first(
                ExceptionText.describe(text(e, "exception"), text(e, "traceback")),
                old == null ? null : old.exception()),
            first(text(e, "traceback"), old == null ? null : old.traceback()),
            integer(e, "retries", old == null ? null : old.retries()),
            first(number(e, "runtime"), old == null ? null : old.runtime()),
            first(text(e, "eta"), old == null ? null : old.eta()),
            first(text(e, "parent_id"), old == null ? null : old.parentId()),
            first(text(e, "root_id"), old == null ? null : old.rootId()),
            type == TaskEventType.SENT ? at : old == null ? null : old.sent(),
            type == TaskEventType.RECEIVED ? at : old == null ? null : old.received(),
            type == TaskEventType.STARTED ? at : old == null ? null : old.started(),
            type.isFinal() ? at : old == null ? null : old.finished(),
            now);
    tasks.put(id, task);
    trim(tasks, maxTasks);
    if (type == TaskEventType.SUCCEEDED || type == TaskEventType.FAILED) {
      throughput.record((long) now, type == TaskEventType.SUCCEEDED);
    }
    observer.onTaskEvent(type, task);
  }

  private static TaskState merge(TaskState current, TaskState incoming) {
    if (current == null) {
      return incoming;
    }
    if (current.isReady() && !incoming.isReady()) {
      return current; // a late event from before the task finished
    }
    if (incoming == TaskState.PENDING) {
      return current; // the client's task-sent arrived after the worker's events
    }
    return incoming;
  }

  private void applyWorker(WorkerEventType type, ObjectNode e) {
    String hostname = text(e, "hostname");
    if (hostname == null) {
      return;
    }
    WorkerView old = workers.remove(hostname);
    String software =
        e.has("sw_ident")
            ? (text(e, "sw_ident") + " " + first(text(e, "sw_ver"), "")).strip()
            : old == null ? null : old.software();
    List<Double> load = new ArrayList<>();
    for (JsonNode value : e.path("loadavg")) {
      load.add(value.asDouble());
    }
    WorkerView worker =
        new WorkerView(
            hostname,
            type != WorkerEventType.OFFLINE,
            software,
            integer(e, "pid", old == null ? null : old.pid()),
            integer(e, "active", old == null ? null : old.active()),
            e.hasNonNull("processed")
                ? Long.valueOf(e.get("processed").asLong())
                : old == null ? null : old.processed(),
            load.isEmpty() && old != null ? old.loadavg() : List.copyOf(load),
            e.hasNonNull("freq") ? e.get("freq").asDouble() : old == null ? 2.0 : old.freq(),
            nowSeconds(),
            old == null ? null : old.pool(),
            old == null ? null : old.concurrency());
    workers.put(hostname, worker);
    trim(workers, maxWorkers);
  }

  /** Records the pool and concurrency a worker reported in a {@code stats} reply. */
  public synchronized void workerStats(String hostname, String pool, Integer concurrency) {
    WorkerView w = workers.get(hostname);
    if (w != null) {
      workers.put(hostname, w.withStats(pool, concurrency));
    }
  }

  /**
   * Tasks that match {@code search} (see {@link TaskView#matches}) and {@code state} (null: any),
   * most recently updated first, at most {@code limit}.
   */
  public synchronized List<TaskView> tasks(String search, String state, int limit) {
    List<TaskView> all = new ArrayList<>(tasks.values());
    List<TaskView> found = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && found.size() < limit; i--) {
      TaskView t = all.get(i);
      if ((state == null || state.isBlank() || state.equalsIgnoreCase(t.state()))
          && t.matches(search)) {
        found.add(t);
      }
    }
    return found;
  }

  public synchronized TaskView task(String id) {
    return tasks.get(id);
  }

  /** How many tasks are held, which is never more than {@code maxTasks}. */
  public synchronized int taskCount() {
    return tasks.size();
  }

  /** Held tasks per state. */
  public synchronized Map<String, Integer> taskStates() {
    Map<String, Integer> counts = new TreeMap<>();
    tasks.values().forEach(t -> counts.merge(t.state(), 1, Integer::sum));
    return counts;
  }

  /** Workers by name, shown offline once their heartbeats expired. */
  public synchronized List<WorkerView> workers() {
    double now = nowSeconds();
    List<WorkerView> list = new ArrayList<>();
    for (WorkerView w : workers.values()) {
      boolean expired = now - w.lastHeartbeat() > w.freq() * HEARTBEAT_EXPIRY_FACTOR;
      list.add(w.online() && expired ? w.offline() : w);
    }
    list.sort(java.util.Comparator.comparing(WorkerView::hostname));
    return list;
  }

  /** Tasks finished per second over the last five minutes. */
  public synchronized Throughput.Series throughput() {
    return throughput.series((long) nowSeconds());
  }

  /** Events applied since start. */
  public synchronized long eventCount() {
    return events;
  }

  private double nowSeconds() {
    return clock.millis() / 1000.0;
  }

  private static <V> void trim(LinkedHashMap<String, V> map, int max) {
    Iterator<String> oldest = map.keySet().iterator();
    while (map.size() > max) {
      oldest.next();
      oldest.remove();
    }
  }

  private static String text(ObjectNode e, String field) {
    JsonNode value = e.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static Integer integer(ObjectNode e, String field, Integer fallback) {
    JsonNode value = e.get(field);
    return value != null && value.isNumber() ? Integer.valueOf(value.asInt()) : fallback;
  }

  private static Double number(ObjectNode e, String field) {
    JsonNode value = e.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }
}
