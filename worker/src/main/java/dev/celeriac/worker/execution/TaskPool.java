package dev.celeriac.worker.execution;

import dev.celeriac.broker.concurrent.NamedThreadFactory;
import dev.celeriac.worker.PoolType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs task bodies with at most {@code concurrency} at once.
 *
 * <p>There is no unbounded queue in front of it: the broker delivers at most the prefetch count of
 * unacknowledged messages, so at most that many jobs ever wait for a slot.
 *
 * <h2>Concurrency</h2>
 *
 * The pool owns its executor and closes it in {@link #shutdownNow}/{@link #awaitTermination}. Slots
 * are counted under one lock: a job waiting in {@link #acquire()} is woken by {@link #release()}
 * and by {@link #refuseSlots()}, and the check for a refusal and the taking of a slot are one step,
 * so a slot freed during a shutdown never goes to a job that has not started. Threads are named
 * {@code celeriac-task-<n>} (virtual) or {@code celeriac-task-worker-<n>}; a {@link #callerRuns()}
 * pool has no threads of its own.
 */
public final class TaskPool {

  private final ExecutorService executor;
  private final int concurrency;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int free; // guarded by lock
  private boolean refusing; // guarded by lock

  public TaskPool(PoolType type, int concurrency) {
    this(type == PoolType.SOLO ? 1 : concurrency, executor(type));
  }

  private TaskPool(int concurrency, ExecutorService executor) {
    this.concurrency = concurrency;
    this.free = concurrency;
    this.executor = executor;
  }

  /**
   * A pool that runs each job on the thread that hands it over, for running tasks in-process
   * without a broker. Its slots are unbounded: a task body that calls another task runs that one on
   * the same thread, which must not wait for the slot its caller holds.
   */
  public static TaskPool callerRuns() {
    return new TaskPool(Integer.MAX_VALUE, new CallerRuns());
  }

  private static ExecutorService executor(PoolType type) {
    return switch (type) {
      case VIRTUAL ->
          Executors.newThreadPerTaskExecutor(
              Thread.ofVirtual().name("celeriac-task-", 1).factory());
      // Threads come and go as needed; the slots bound how many run task bodies, so a thread
      // abandoned by a hard time limit does not shrink the pool.
      case THREADS ->
          Executors.newCachedThreadPool(new NamedThreadFactory("celeriac-task-worker", false));
      case SOLO ->
          Executors.newSingleThreadExecutor(new NamedThreadFactory("celeriac-task-worker", false));
    };
  }

  /** Runs each job at once on the calling thread; refuses jobs after a shutdown. */
  private static final class CallerRuns extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable job) {
      if (shutdown) {
        throw new RejectedExecutionException("the pool is shut down");
      }
      job.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of(); // nothing waits: every job ran on its caller's thread
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }

  public int concurrency() {
    return concurrency;
  }

  /** Starts a job; it waits for a free slot via {@link #acquire()} itself. */
  public void execute(Runnable job) {
    executor.execute(job);
  }

  /**
   * Waits for a free slot, giving up once {@link #refuseSlots()} was called (a shutdown hands
   * waiting jobs back to the broker without waiting for the running ones).
   *
   * @return true with a slot held; false when slots are refused or the thread is interrupted
   */
  public boolean acquire() {
    try {
      lock.lockInterruptibly(); // an interrupted job takes no slot, even a free one
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    try {
      while (free == 0 && !refusing) {
        changed.await();
      }
      if (refusing) {
        return false;
      }
      free--;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Gives a slot back, waking one job waiting for it. */
  public void release() {
    lock.lock();
    try {
      free++;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * From now on {@link #acquire()} gives no slot: jobs waiting for one return false at once, and a
   * slot a running task gives back starts nothing. The first step of any shutdown; running tasks go
   * on.
   */
  public void refuseSlots() {
    lock.lock();
    try {
      refusing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Slots in use right now. */
  public int busy() {
    lock.lock();
    try {
      return concurrency - free;
    } finally {
      lock.unlock();
    }
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
