package dev.celeriac.worker.execution;

import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.worker.PoolType;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs task bodies with at most {@code concurrency} at once.
 *
 * <p>There is no unbounded queue in front of it: the broker delivers at most the prefetch count of
 * unacknowledged messages, so at most that many jobs ever wait for a slot.
 *
 * <h2>Concurrency</h2>
 *
 * The pool owns its executor and closes it in {@link #shutdownNow}/{@link #awaitTermination}.
 * Threads are named {@code celeriac-task-<n>} (virtual) or {@code celeriac-task-worker-<n>}.
 */
public final class TaskPool {

  private final ExecutorService executor;
  private final Semaphore slots;
  private final int concurrency;

  public TaskPool(PoolType type, int concurrency) {
    this.concurrency = type == PoolType.SOLO ? 1 : concurrency;
    this.slots = new Semaphore(this.concurrency);
    this.executor =
        switch (type) {
          case VIRTUAL ->
              Executors.newThreadPerTaskExecutor(
                  Thread.ofVirtual().name("celeriac-task-", 1).factory());
          // Threads come and go as needed; the slots bound how many run task bodies, so a thread
          // abandoned by a hard time limit does not shrink the pool.
          case THREADS ->
              Executors.newCachedThreadPool(new NamedThreadFactory("celeriac-task-worker", false));
          case SOLO ->
              Executors.newSingleThreadExecutor(
                  new NamedThreadFactory("celeriac-task-worker", false));
        };
  }

  public int concurrency() {
    return concurrency;
  }

  /** Starts a job; it waits for a free slot via {@link #acquire()} itself. */
  public void execute(Runnable job) {
    executor.execute(job);
  }

  /**
   * Waits for a free slot, giving up when {@code stop} turns true (a warm shutdown hands waiting
   * jobs back to the broker without waiting for the running ones).
   *
   * @return true with a slot held; false when stopped or interrupted
   */
  public boolean acquire(java.util.function.BooleanSupplier stop) {
    try {
      while (!stop.getAsBoolean()) {
        if (slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public void release() {
    slots.release();
  }

  /** Slots in use right now. */
  public int busy() {
    return concurrency - slots.availablePermits();
  }

  /** Interrupts every job (running or waiting for a slot). */
  public void shutdownNow() {
    executor.shutdownNow();
  }

  /** Stops accepting jobs and waits for the started ones. */
  public boolean awaitTermination(Duration timeout) {
    executor.shutdown();
    try {
      return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
