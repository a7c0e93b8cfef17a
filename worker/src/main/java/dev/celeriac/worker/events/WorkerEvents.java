package dev.celeriac.worker.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.client.events.EventDispatcher;
import dev.celeriac.protocol.CeleryTime;
import dev.celeriac.protocol.PythonRepr;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.WorkerEventType;
import dev.celeriac.worker.pipeline.WorkerTaskListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A worker's Celery events, with Celery 5.2's fields ({@code celery/worker/request.py}, {@code
 * celery/worker/heartbeat.py}): {@code worker-online}, a {@code worker-heartbeat} every {@link
 * #FREQUENCY}, {@code worker-offline} at shutdown, and, as a {@link WorkerTaskListener}, {@code
 * task-received}, {@code task-started}, {@code task-succeeded}, {@code task-failed}, {@code
 * task-retried}, {@code task-revoked} and {@code task-rejected}. Task events are sent one per
 * message (Celery's own worker batches them as {@code task.multi}; monitors accept both).
 *
 * <pre>{@code
 * WorkerEvents events = new WorkerEvents(dispatcher, "celeriac", "0.1.0", running::size, processed::get);
 * events.online();            // and heartbeats every 2 s
 * events.offline();           // at shutdown
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Listener methods may be called from any thread. Heartbeats are sent from one scheduler thread,
 * {@code celeriac-worker-heartbeat}, which {@link #offline()} stops.
 */
public final class WorkerEvents implements WorkerTaskListener {

  /** How often heartbeats go out: Celery's default {@code freq} of 2 s. */
  public static final Duration FREQUENCY = Duration.ofSeconds(2);

  private final EventDispatcher events;
  private final String version;
  private final IntSupplier active;
  private final LongSupplier processed;
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          new NamedThreadFactory("celeriac-worker-heartbeat", true));

  /**
   * @param active tasks running now
   * @param processed tasks finished since start
   */
  public WorkerEvents(
      EventDispatcher events, String version, IntSupplier active, LongSupplier processed) {
    this.events = events;
    this.version = version;
    this.active = active;
    this.processed = processed;
  }

  /** Sends {@code worker-online} and starts the heartbeats. */
  public void online() {
    events.send(WorkerEventType.ONLINE.wireName(), workerFields());
    long millis = FREQUENCY.toMillis();
    heartbeat.scheduleAtFixedRate(
        () -> events.send(WorkerEventType.HEARTBEAT.wireName(), workerFields()),
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the heartbeats without a goodbye (cold shutdown). */
  public void stop() {
    heartbeat.shutdownNow();
  }

  /** Stops the heartbeats and sends {@code worker-offline}. */
  public void offline() {
    heartbeat.shutdownNow();
    events.send(WorkerEventType.OFFLINE.wireName(), workerFields());
  }

  private ObjectNode workerFields() {
    ObjectNode f = events.fields();
    f.put("freq", FREQUENCY.toMillis() / 1000.0);
    f.put("active", active.getAsInt());
    f.put("processed", processed.getAsLong());
    var load = f.putArray("loadavg");
    for (double l : loadAverage()) {
      load.add(l);
    }
    f.put("sw_ident", "celeriac");
    f.put("sw_ver", version);
    f.put("sw_sys", System.getProperty("os.name"));
    return f;
  }

  /** Python's {@code os.getloadavg()} rounded to 2 places; /proc/loadavg where there is one. */
  static double[] loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return new double[] {
        round(Double.parseDouble(parts[0])),
        round(Double.parseDouble(parts[1])),
        round(Double.parseDouble(parts[2]))
      };
    } catch (IOException | RuntimeException e) {
      double one =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return new double[] {round(Math.max(0, one)), 0, 0};
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private ObjectNode task(TaskMessage message) {
    return events.fields().put("uuid", message.id());
  }

  @Override
  public void received(TaskMessage message, String queue) {
    var h = message.headers();
    ObjectNode f = task(message);
    f.put("name", h.task());
    f.put("args", h.argsRepr() != null ? h.argsRepr() : PythonRepr.argsRepr(message.body().args()));
    f.put(
        "kwargs",
        h.kwargsRepr() != null ? h.kwargsRepr() : PythonRepr.kwargsRepr(message.body().kwargs()));
    f.put("root_id", h.rootId());
    f.put("parent_id", h.parentId());
    f.put("retries", h.retries());
    f.put("eta", h.eta() == null ? null : CeleryTime.format(h.eta()));
    f.put("expires", h.expires() == null ? null : CeleryTime.format(h.expires()));
    events.send(TaskEventType.RECEIVED.wireName(), f);
  }

  @Override
  public void started(TaskMessage message) {
    events.send(TaskEventType.STARTED.wireName(), task(message));
  }

  @Override
  public void succeeded(TaskMessage message, JsonNode result, double runtime) {
    events.send(
        TaskEventType.SUCCEEDED.wireName(),
        task(message)
            .put("result", PythonRepr.saferepr(result, PythonRepr.CELERY_MAXSIZE))
            .put("runtime", runtime));
  }

  @Override
  public void failed(
      TaskMessage message, RemoteException exception, String traceback, double runtime) {
    ObjectNode f = task(message).put("exception", repr(exception));
    if (traceback != null) {
      f.put("traceback", traceback);
    }
    events.send(TaskEventType.FAILED.wireName(), f);
  }

  @Override
  public void retried(TaskMessage message, RemoteException exception, String traceback) {
    events.send(
        TaskEventType.RETRIED.wireName(),
        task(message).put("exception", repr(exception)).put("traceback", traceback));
  }

  @Override
  public void revoked(TaskMessage message, boolean terminated, boolean expired) {
    ObjectNode f = task(message).put("terminated", terminated);
    if (terminated) {
      f.put("signum", 15); // SIGTERM, Celery's default terminate signal
    } else {
      f.putNull("signum");
    }
    f.put("expired", expired);
    events.send(TaskEventType.REVOKED.wireName(), f);
  }

  @Override
  public void rejected(TaskMessage message, boolean requeue) {
    events.send(TaskEventType.REJECTED.wireName(), task(message).put("requeue", requeue));
  }

  /** Python's exception repr: {@code ValueError('boom')}, {@code TimeLimitExceeded(1)}. */
  static String repr(RemoteException exception) {
    StringBuilder s = new StringBuilder(exception.type()).append('(');
    var args = exception.message();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(PythonRepr.repr(args.get(i)));
    }
    return s.append(')').toString();
  }
}
