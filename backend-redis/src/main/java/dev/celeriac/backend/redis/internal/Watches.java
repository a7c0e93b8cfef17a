package dev.celeriac.backend.redis.internal;

import dev.celeriac.client.results.ResultSlot;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for task results the way Celery's Redis result consumer does: subscribe to the channel
 * named like the task's result key ({@code celery-task-meta-<id>}), on which every store is
 * published, and unsubscribe once the task is final. Each time a subscription is confirmed, the
 * first time and again after Lettuce resubscribes on a new connection, the key itself is read, so a
 * result stored before the subscription or while disconnected is not missed.
 *
 * <p>A custom state (Celery's {@code update_state(state='PROGRESS')}) is skipped; a value that is
 * not Celery's meta fails the task's watches with a {@link ProtocolException} naming the key.
 *
 * <h2>Concurrency</h2>
 *
 * Lettuce calls the listener methods on its I/O thread; they only hand work on. Results are decoded
 * and delivered, in arrival order, on one thread this class owns ({@code celeriac-redis-results}),
 * so callbacks on {@link ResultWatch#done()} never run on Lettuce's threads. The watch table is
 * guarded by this object's lock, under which only non-blocking calls are made.
 */
public final class Watches extends RedisPubSubAdapter<String, byte[]> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watches.class);

  /** What watching needs from Redis; all calls return without waiting for the server. */
  public interface Channels {
    CompletionStage<?> subscribe(String channel);

    CompletionStage<?> unsubscribe(String channel);

    /** GET; completes with null when the key does not exist. */
    CompletionStage<byte[]> get(String key);
  }

  private final Channels channels;
  private final String backend;
  private final ExecutorService dispatch =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("celeriac-redis-results").unstarted(r));
  private final Map<String, List<ResultSlot>> byTask = new HashMap<>();
  private boolean closed;

  /**
   * @param backend the backend's masked URL, named in errors
   */
  public Watches(Channels channels, String backend) {
    this.channels = channels;
    this.backend = backend;
  }

  /** Starts watching a task; the key is read as soon as the subscription stands. */
  public ResultWatch watch(String taskId) {
    ResultSlot watch = new ResultSlot(self -> cancel(taskId, self));
    String key = RedisKeys.task(taskId);
    boolean subscribed;
    synchronized (this) {
      if (closed) {
        watch.abandon(closedError());
        return watch;
      }
      List<ResultSlot> watches = byTask.computeIfAbsent(taskId, id -> new ArrayList<>());
      subscribed = !watches.isEmpty();
      watches.add(watch);
      if (!subscribed) {
        channels
            .subscribe(key)
            .whenComplete(
                (ok, e) -> {
                  if (e != null) {
                    submit(() -> fail(taskId, unavailable("subscribe to " + key, e)));
                  }
                });
      }
    }
    if (subscribed) {
      // The subscription may have been confirmed before this watch joined: read for it now.
      read(taskId);
    }
    return watch;
  }

  /** Stops every watch on the task without completing it (the result was forgotten). */
  public void cancelAll(String taskId) {
    synchronized (this) {
      if (byTask.remove(taskId) != null) {
        channels.unsubscribe(RedisKeys.task(taskId));
      }
    }
  }

  /** Tasks with at least one watch; for tests and metrics. */
  public synchronized int watchedTasks() {
    return byTask.size();
  }

  @Override
  public void subscribed(String channel, long count) {
    String taskId = RedisKeys.taskIdOf(channel);
    if (taskId != null) {
      read(taskId);
    }
  }

  @Override
  public void message(String channel, byte[] message) {
    String taskId = RedisKeys.taskIdOf(channel);
    if (taskId != null) {
      submit(() -> deliver(taskId, message));
    }
  }

  private void read(String taskId) {
    String key = RedisKeys.task(taskId);
    channels
        .get(key)
        .whenComplete(
            (value, e) -> {
              if (e != null) {
                submit(() -> fail(taskId, unavailable("read " + key, e)));
              } else if (value != null) {
                submit(() -> deliver(taskId, value));
              }
            });
  }

  private void deliver(String taskId, byte[] value) {
    String key = RedisKeys.task(taskId);
    MetaCodec.Stored stored;
    try {
      stored = MetaCodec.decode(key, taskId, value);
    } catch (ProtocolException e) {
      fail(taskId, e);
      return;
    }
    if (stored.message() == null) {
      log.debug(
          "Task {} is in custom state {}; waiting for a final state", taskId, stored.status());
      return;
    }
    List<ResultSlot> targets;
    synchronized (this) {
      List<ResultSlot> watches = byTask.get(taskId);
      if (watches == null) {
        return;
      }
      targets = List.copyOf(watches);
    }
    targets.forEach(watch -> watch.accept(stored.message()));
    if (stored.message().status().isReady()) {
      synchronized (this) {
        List<ResultSlot> watches = byTask.get(taskId);
        if (watches != null) {
          watches.removeIf(watch -> watch.done().isDone());
          dropIfUnwatched(taskId, watches);
        }
      }
    }
  }

  private void fail(String taskId, RuntimeException cause) {
    List<ResultSlot> failed;
    synchronized (this) {
      failed = byTask.remove(taskId);
      if (failed != null) {
        channels.unsubscribe(RedisKeys.task(taskId));
      }
    }
    if (failed != null) {
      failed.forEach(watch -> watch.abandon(cause));
    }
  }

  private void cancel(String taskId, ResultSlot watch) {
    synchronized (this) {
      List<ResultSlot> watches = byTask.get(taskId);
      if (watches != null && watches.remove(watch)) {
        dropIfUnwatched(taskId, watches);
      }
    }
  }

  // Caller holds the lock.
  private void dropIfUnwatched(String taskId, List<ResultSlot> watches) {
    if (watches.isEmpty()) {
      byTask.remove(taskId);
      channels.unsubscribe(RedisKeys.task(taskId));
    }
  }

  private void submit(Runnable work) {
    try {
      dispatch.execute(work);
    } catch (RejectedExecutionException e) {
      log.debug("Result arrived after the backend closed; dropped");
    }
  }

  private RuntimeException unavailable(String what, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return new CeleriacException(
        "Redis result backend " + backend + ": cannot " + what + ": " + cause.getMessage(), cause);
  }

  private CeleriacException closedError() {
    return new CeleriacException(
        "The Redis result backend " + backend + " was closed before the task's result arrived");
  }

  /** Fails every watch still waiting and stops the dispatch thread. */
  @Override
  public void close() {
    List<ResultSlot> pending = new ArrayList<>();
    synchronized (this) {
      closed = true;
      byTask.values().forEach(pending::addAll);
      byTask.clear();
    }
    CeleriacException error = closedError();
    pending.forEach(watch -> watch.abandon(error));
    dispatch.shutdown();
    try {
      if (!dispatch.awaitTermination(5, TimeUnit.SECONDS)) {
        dispatch.shutdownNow();
      }
    } catch (InterruptedException e) {
      dispatch.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
