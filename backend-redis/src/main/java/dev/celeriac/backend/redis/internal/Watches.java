package dev.celeriac.backend.redis.internal;

import dev.celeriac.client.results.ResultSlot;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Subscriptions, unsubscriptions and reads are batched: a change is recorded at once and sent by
 * the next flush on the dispatch thread, one {@code SUBSCRIBE}, one {@code UNSUBSCRIBE} and one
 * {@code MGET} for everything recorded since the last. A client waiting on thousands of tasks sends
 * a few commands per flush instead of three per task (each a write the connection's event loop must
 * be woken for); a single waiting task costs one hand-off to the dispatch thread. A task watched
 * and released between two flushes costs no command at all.
 *
 * <p>A custom state (Celery's {@code update_state(state='PROGRESS')}) is skipped; a value that is
 * not Celery's meta fails the task's watches with a {@link ProtocolException} naming the key.
 *
 * <h2>Concurrency</h2>
 *
 * Lettuce calls the listener methods on its I/O thread; they only hand work on. Flushes, and the
 * decoding and delivery of results in arrival order, run on one thread this class owns ({@code
 * celeriac-redis-results}), so callbacks on {@link ResultWatch#done()} never run on Lettuce's
 * threads. The tables are guarded by this object's lock, under which only non-blocking calls are
 * made.
 */
public final class Watches extends RedisPubSubAdapter<String, byte[]> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watches.class);

  /** The most channels or keys in one command. */
  static final int BATCH = 512;

  /** What watching needs from Redis; all calls return without waiting for the server. */
  public interface Channels {
    CompletionStage<?> subscribe(List<String> channels);

    CompletionStage<?> unsubscribe(List<String> channels);

    /** MGET; completes with one value per key, null where the key does not exist. */
    CompletionStage<List<byte[]>> get(List<String> keys);
  }

  private final Channels channels;
  private final String backend;
  private final ExecutorService dispatch =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("celeriac-redis-results").unstarted(r));
  private final Map<String, List<ResultSlot>> byTask = new HashMap<>();

  /** Tasks whose subscription may differ from what was last sent. */
  private final Set<String> changed = new LinkedHashSet<>();

  /** Tasks whose channel was last sent a SUBSCRIBE. */
  private final Set<String> subscribed = new HashSet<>();

  /** Tasks whose key is to be read by the next flush. */
  private final Set<String> toRead = new LinkedHashSet<>();

  private boolean flushScheduled;
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
    synchronized (this) {
      if (closed) {
        watch.abandon(closedError());
        return watch;
      }
      List<ResultSlot> watches = byTask.computeIfAbsent(taskId, id -> new ArrayList<>());
      if (watches.isEmpty()) {
        changed.add(taskId);
      } else {
        // The subscription may have been confirmed before this watch joined: read for it now.
        toRead.add(taskId);
      }
      watches.add(watch);
      scheduleFlush();
    }
    return watch;
  }

  /** Stops every watch on the task without completing it (the result was forgotten). */
  public void cancelAll(String taskId) {
    synchronized (this) {
      if (byTask.remove(taskId) != null) {
        changed.add(taskId);
        scheduleFlush();
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
      synchronized (this) {
        if (byTask.containsKey(taskId)) {
          toRead.add(taskId);
          scheduleFlush();
        }
      }
    }
  }

  @Override
  public void message(String channel, byte[] message) {
    String taskId = RedisKeys.taskIdOf(channel);
    if (taskId != null) {
      submit(() -> deliver(taskId, message));
    }
  }

  // Caller holds the lock.
  private void scheduleFlush() {
    if (!flushScheduled && !closed) {
      flushScheduled = true;
      submit(this::flush);
    }
  }

  /** Sends what was recorded since the last flush: subscription changes first, then reads. */
  private void flush() {
    List<String> subscribe = new ArrayList<>();
    List<String> unsubscribe = new ArrayList<>();
    List<String> read;
    synchronized (this) {
      flushScheduled = false;
      if (closed) {
        return;
      }
      for (String taskId : changed) {
        boolean wanted = byTask.containsKey(taskId);
        if (wanted && subscribed.add(taskId)) {
          subscribe.add(RedisKeys.task(taskId));
        } else if (!wanted && subscribed.remove(taskId)) {
          unsubscribe.add(RedisKeys.task(taskId));
        }
      }
      changed.clear();
      read = new ArrayList<>(toRead);
      toRead.clear();
    }
    for (List<String> batch : batches(unsubscribe)) {
      channels.unsubscribe(batch);
    }
    for (List<String> batch : batches(subscribe)) {
      channels
          .subscribe(batch)
          .whenComplete(
              (ok, e) -> {
                if (e != null) {
                  submit(() -> batch.forEach(key -> failKey(key, "subscribe to", e)));
                }
              });
    }
    for (List<String> batch : batches(read)) {
      List<String> keys = batch.stream().map(RedisKeys::task).toList();
      channels
          .get(keys)
          .whenComplete(
              (values, e) ->
                  submit(
                      () -> {
                        for (int i = 0; i < batch.size(); i++) {
                          if (e != null) {
                            fail(batch.get(i), unavailable("read " + keys.get(i), e));
                          } else if (values.get(i) != null) {
                            deliver(batch.get(i), values.get(i));
                          }
                        }
                      }));
    }
  }

  private static List<List<String>> batches(List<String> items) {
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += BATCH) {
      batches.add(items.subList(from, Math.min(items.size(), from + BATCH)));
    }
    return batches;
  }

  private void failKey(String key, String what, Throwable e) {
    String taskId = RedisKeys.taskIdOf(key);
    if (taskId != null) {
      synchronized (this) {
        subscribed.remove(taskId); // refused: nothing stands to be unsubscribed later
      }
      fail(taskId, unavailable(what + " " + key, e));
    }
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
        changed.add(taskId);
        scheduleFlush();
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
      changed.add(taskId);
      scheduleFlush();
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
