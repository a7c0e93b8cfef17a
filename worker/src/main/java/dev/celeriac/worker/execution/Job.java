package dev.celeriac.worker.execution;

import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.consume.Delivery;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One task body running on a thread. Completion is claimed exactly once: by the thread when the
 * body returns, or by the hard time limit, which then settles the message and frees the slot while
 * the thread is abandoned.
 */
final class Job {

  final Delivery delivery;
  final TaskMessage message;
  final Thread thread;
  final Instant started = Instant.now();
  private final AtomicBoolean completed = new AtomicBoolean();
  volatile boolean softLimitReached;
  volatile boolean abandoned;
  volatile boolean terminated;

  Job(Delivery delivery, TaskMessage message, Thread thread) {
    this.delivery = delivery;
    this.message = message;
    this.thread = thread;
  }

  /** True for the one caller that gets to settle this job. */
  boolean claim() {
    return completed.compareAndSet(false, true);
  }

  // Whether this job holds one of the pool's slots: it lends it out while it waits on futures.
  private boolean slotHeld = true;

  /** Gives the job's slot back to the pool, if it holds one. */
  synchronized void releaseSlot(TaskPool pool) {
    if (slotHeld) {
      slotHeld = false;
      pool.release();
    }
  }

  /**
   * Takes a slot again after a wait (waiting for one if all are busy). A job that was settled in
   * the meantime (hard time limit) gives it straight back.
   */
  void reacquireSlot(TaskPool pool, java.util.function.BooleanSupplier stop) {
    if (!pool.acquire(stop)) {
      return; // stopping: run on without a slot; nothing will be released for it
    }
    synchronized (this) {
      if (completed.get() || slotHeld) {
        pool.release();
      } else {
        slotHeld = true;
      }
    }
  }
}
