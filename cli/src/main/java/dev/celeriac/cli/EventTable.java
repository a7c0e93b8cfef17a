package dev.celeriac.cli;

import dev.celeriac.client.events.Event;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.protocol.WorkerEventType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code celeriac events} shows: workers by their heartbeats, and the latest tasks with their
 * state, built from the event stream. Bounded: the newest {@value #TASKS} tasks are kept.
 *
 * <h2>Concurrency</h2>
 *
 * Synchronized: events arrive on the receiver's thread, the screen is drawn on another.
 */
final class EventTable {

  static final int TASKS = 1000;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private record WorkerRow(String status, int active, long processed, double lastSeen) {}

  private static final class TaskRow {
    String name = "";
    String state = "";
    String worker = "";
    String args = "";
    String detail = "";
    double received;
    double updated;
  }

  private final Map<String, WorkerRow> workers = new LinkedHashMap<>();
  private final Map<String, TaskRow> tasks =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskRow> eldest) {
          return size() > TASKS;
        }
      };
  private final Map<String, Long> counts = new LinkedHashMap<>();

  synchronized void accept(Event event) {
    if (event.isWorkerEvent()) {
      String status =
          event.workerEventType().orElse(null) == WorkerEventType.OFFLINE ? "OFFLINE" : "ONLINE";
      workers.put(
          event.hostname(),
          new WorkerRow(
              status,
              event.body().path("active").asInt(),
              event.body().path("processed").asLong(),
              event.timestamp()));
      return;
    }
    if (!event.isTaskEvent() || event.uuid() == null) {
      return;
    }
    String state = state(event.type());
    counts.merge(state, 1L, Long::sum);
    TaskRow row = tasks.computeIfAbsent(event.uuid(), id -> new TaskRow());
    if (event.text("name") != null) {
      row.name = event.text("name");
    }
    if (event.text("args") != null) {
      row.args = event.text("args");
    }
    TaskEventType type = event.taskEventType().orElse(null);
    if (type != TaskEventType.SENT) {
      row.worker = event.hostname();
    }
    if (row.received == 0) {
      row.received = event.timestamp();
    }
    row.updated = event.timestamp();
    row.state = state;
    if (type == null) {
      return;
    }
    switch (type) {
      case SUCCEEDED ->
          row.detail =
              event.text("result")
                  + String.format(Locale.ROOT, " (%.3fs)", event.body().path("runtime").asDouble());
      case FAILED, RETRIED -> row.detail = event.text("exception");
      case REVOKED -> row.detail = event.body().path("expired").asBoolean() ? "expired" : "revoked";
      case REJECTED -> row.detail = event.body().path("requeue").asBoolean() ? "requeued" : "";
      default -> {}
    }
  }

  /**
   * Celery's state name for a task event type; for a custom type, its subject in capitals, as
   * Celery's {@code events.state} does.
   */
  static String state(String type) {
    return TaskEventType.fromWire(type)
        .map(t -> t.state().wireName())
        .orElse(type.substring(type.indexOf('-') + 1).toUpperCase(Locale.ROOT));
  }

  /** The screen: workers, state counts, then the newest {@code rows} tasks. */
  synchronized String render(int rows) {
    StringBuilder s = new StringBuilder();
    s.append("celeriac events  ").append(TIME.format(Instant.now())).append(" UTC\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "%-40s %-8s %7s %10s %s%n",
            "WORKER",
            "STATUS",
            "ACTIVE",
            "PROCESSED",
            "LAST SEEN"));
    double now = Instant.now().toEpochMilli() / 1000.0;
    workers.forEach(
        (name, w) -> {
          // Celery counts a worker offline after missing heartbeats for a while (2 s × 4)
          String status = w.status.equals("ONLINE") && now - w.lastSeen > 8 ? "LOST" : w.status;
          s.append(
              String.format(
                  Locale.ROOT,
                  "%-40s %-8s %7d %10d %s%n",
                  cut(name, 40),
                  status,
                  w.active,
                  w.processed,
                  TIME.format(Instant.ofEpochMilli((long) (w.lastSeen * 1000)))));
        });
    s.append('\n');
    s.append("events by state: ")
        .append(counts.isEmpty() ? "none yet" : counts.toString())
        .append("\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "%-36s %-24s %-9s %-24s %s%n",
            "TASK ID",
            "NAME",
            "STATE",
            "WORKER",
            "DETAIL"));
    List<Map.Entry<String, TaskRow>> newest = new ArrayList<>(tasks.entrySet());
    for (int i = newest.size() - 1; i >= Math.max(0, newest.size() - rows); i--) {
      var e = newest.get(i);
      TaskRow t = e.getValue();
      s.append(
          String.format(
              Locale.ROOT,
              "%-36s %-24s %-9s %-24s %s%n",
              e.getKey(),
              cut(t.name, 24),
              t.state,
              cut(t.worker, 24),
              cut(t.detail, 60)));
    }
    return s.toString();
  }

  private static String cut(String text, int width) {
    if (text == null) {
      return "";
    }
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
