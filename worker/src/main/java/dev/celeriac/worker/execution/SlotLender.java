package dev.celeriac.worker.execution;

import dev.celeriac.client.futures.ManagedBlocking;
import java.util.function.BooleanSupplier;

/**
 * While a task body waits on futures, its slot goes back to the pool and its message is
 * acknowledged (as with {@code acksLate = false}), so the prefetch credit it held lets the broker
 * deliver its sub-tasks: a worker whose every slot and credit were taken by waiting parents would
 * otherwise deadlock. After the wait the task takes a slot again.
 *
 * <h2>Concurrency</h2>
 *
 * Called from the task's thread and, for a chunk, from its items' threads: the first waiter lends
 * the slot, the last one takes it back.
 */
final class SlotLender implements ManagedBlocking.Blocker {

  private final Job job;
  private final TaskPool pool;
  private final Runnable ackEarly;
  private final BooleanSupplier stopping;
  private int waiting;

  SlotLender(Job job, TaskPool pool, Runnable ackEarly, BooleanSupplier stopping) {
    this.job = job;
    this.pool = pool;
    this.ackEarly = ackEarly;
    this.stopping = stopping;
  }

  @Override
  public synchronized void beforeBlocking() {
    if (waiting++ == 0) {
      ackEarly.run();
      job.releaseSlot(pool);
    }
  }

  @Override
  public synchronized void afterBlocking() {
    if (--waiting == 0) {
      job.reacquireSlot(pool, stopping);
    }
  }
}
