package dev.celeriac.backend.db.internal;

import dev.celeriac.client.results.ResultSlot;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for task results by reading their rows, as Celery's database backend does (it has no
 * notifications): one query for every watched task per round. A round follows a new watch or a
 * change at once and at the first interval; while nothing changes the interval doubles up to the
 * longest, so an idle client costs a few queries a second and a busy one sees results within
 * milliseconds.
 *
 * <p>While the database cannot be read, rounds go on at the longest interval; once reads have
 * failed for longer than the give-up time, the watches then waiting fail with an exception naming
 * the backend, so a caller's {@code get()} ends with the reason rather than a bare timeout.
 *
 * <h2>Concurrency</h2>
 *
 * One thread this class owns ({@code celeriac-db-results}) reads and delivers; {@link #watch} and
 * cancels come from any thread. The watch table is guarded by this object's lock, never held while
 * reading.
 */
public final class Polls implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Polls.class);

  /** What polling needs from the database. */
  public interface Source {
    /** The stored rows of these tasks; tasks without a row are absent. */
    Map<String, TaskRows.Stored> read(Set<String> taskIds);
  }

  private final Source source;
  private final String backend;
  private final Duration first;
  private final Duration longest;
  private final Duration giveUp;
  private final Clock clock;
  private final Map<String, List<ResultSlot>> byTask = new HashMap<>();
  private final Thread thread;
  private boolean closed; // guarded by this
  private boolean hurry; // guarded by this: a watch was added since the last round
  private Instant failingSince;
  private long failedRounds;

  /**
   * @param backend the backend's masked URL, named in errors
   * @param giveUp how long reads may fail before the waiting watches fail
   */
  public Polls(
      Source source,
      String backend,
      Duration first,
      Duration longest,
      Duration giveUp,
      Clock clock) {
    this.source = source;
    this.backend = backend;
    this.first = first;
    this.longest = longest;
    this.giveUp = giveUp;
    this.clock = clock;
    this.thread = Thread.ofPlatform().daemon().name("celeriac-db-results").unstarted(this::run);
    thread.start();
  }

  /** Starts watching a task; its row is read in the next round, which starts now. */
  public ResultWatch watch(String taskId) {
    ResultSlot watch = new ResultSlot(self -> cancel(taskId, self));
    synchronized (this) {
      if (closed) {
        watch.abandon(closedError());
        return watch;
      }
      byTask.computeIfAbsent(taskId, id -> new ArrayList<>()).add(watch);
      hurry = true;
      notifyAll();
    }
    return watch;
  }

  /** Stops every watch on the task without completing it (the result was forgotten). */
  public synchronized void cancelAll(String taskId) {
    byTask.remove(taskId);
  }

  /** Tasks with at least one watch; for tests. */
  public synchronized int watchedTasks() {
    return byTask.size();
  }

  private void run() {
    Duration interval = first;
    while (true) {
      Set<String> ids;
      synchronized (this) {
        while (!closed && byTask.isEmpty()) {
          waitQuietly(0);
        }
        if (closed) {
          return;
        }
        hurry = false;
        ids = Set.copyOf(byTask.keySet());
      }
      boolean changed = round(ids);
      interval = changed ? first : min(interval.multipliedBy(2), longest);
      if (failingSince != null) {
        interval = longest;
      }
      synchronized (this) {
        long deadline = System.nanoTime() + interval.toNanos();
        while (!closed && !hurry) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          waitQuietly(Math.max(1, left / 1_000_000));
        }
        if (hurry) {
          interval = first;
        }
      }
    }
  }

  /** One read of every watched task; true when some watch changed state. */
  boolean round(Set<String> ids) {
    Map<String, TaskRows.Stored> rows;
    try {
      rows = source.read(ids);
    } catch (RuntimeException e) {
      failed(e);
      return false;
    }
    if (failingSince != null) {
      log.info(
          "PostgreSQL result backend {} readable again after {} failed read(s)",
          backend,
          failedRounds);
      failingSince = null;
      failedRounds = 0;
    }
    boolean changed = false;
    for (Map.Entry<String, TaskRows.Stored> row : rows.entrySet()) {
      changed |= deliver(row.getKey(), row.getValue());
    }
    return changed;
  }

  private boolean deliver(String taskId, TaskRows.Stored stored) {
    if (stored.error() != null) {
      // A row Celeriac cannot read fails its own watches; the others go on.
      List<ResultSlot> failed;
      synchronized (this) {
        failed = byTask.remove(taskId);
      }
      if (failed != null) {
        failed.forEach(watch -> watch.abandon(stored.error()));
      }
      return false;
    }
    if (stored.message() == null) {
      log.debug("Task {} is in state {}; waiting for a final state", taskId, stored.status());
      return false;
    }
    List<ResultSlot> targets;
    synchronized (this) {
      List<ResultSlot> watches = byTask.get(taskId);
      if (watches == null) {
        return false;
      }
      targets = List.copyOf(watches);
    }
    boolean changed = false;
    for (ResultSlot watch : targets) {
      changed |= watch.accept(stored.message());
    }
    if (stored.message().status().isReady()) {
      synchronized (this) {
        List<ResultSlot> watches = byTask.get(taskId);
        if (watches != null) {
          watches.removeIf(watch -> watch.done().isDone());
          if (watches.isEmpty()) {
            byTask.remove(taskId);
          }
        }
      }
    }
    return changed;
  }

  private void failed(RuntimeException e) {
    failedRounds++;
    Instant now = clock.instant();
    if (failingSince == null) {
      failingSince = now;
      log.warn(
          "PostgreSQL result backend {}: cannot read watched results ({}); retrying every {}",
          backend,
          e.getMessage(),
          longest);
      return;
    }
    if (Duration.between(failingSince, now).compareTo(giveUp) >= 0) {
      List<ResultSlot> waiting = new ArrayList<>();
      synchronized (this) {
        byTask.values().forEach(waiting::addAll);
        byTask.clear();
      }
      if (!waiting.isEmpty()) {
        CeleriacException error =
            new CeleriacException(
                "PostgreSQL result backend "
                    + backend
                    + ": cannot read results for "
                    + Duration.between(failingSince, now).toSeconds()
                    + " s ("
                    + e.getMessage()
                    + "). Check that PostgreSQL runs and is reachable; the results are read"
                    + " again by id once it is.",
                e);
        waiting.forEach(watch -> watch.abandon(error));
      }
    }
  }

  private void cancel(String taskId, ResultSlot watch) {
    synchronized (this) {
      List<ResultSlot> watches = byTask.get(taskId);
      if (watches != null && watches.remove(watch) && watches.isEmpty()) {
        byTask.remove(taskId);
      }
    }
  }

  private void waitQuietly(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private CeleriacException closedError() {
    return new CeleriacException(
        "The PostgreSQL result backend "
            + backend
            + " was closed before the task's result arrived");
  }

  /** Fails every watch still waiting and stops the thread. */
  @Override
  public void close() {
    List<ResultSlot> pending = new ArrayList<>();
    synchronized (this) {
      closed = true;
      byTask.values().forEach(pending::addAll);
      byTask.clear();
      notifyAll();
    }
    CeleriacException error = closedError();
    pending.forEach(watch -> watch.abandon(error));
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
