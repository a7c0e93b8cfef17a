package dev.celeriac.worker.pipeline;

import dev.celeriac.client.futures.ManagedBlocking;
import dev.celeriac.worker.execution.TaskPool;
import java.util.EnumSet;

/**
 * While a task body waits on futures, its slot goes back to the pool and its message is
 * acknowledged (as with {@code acksLate = false}), so the prefetch credit it held lets the broker
 * deliver its sub-tasks: a worker whose every slot and credit were taken by waiting parents would
 * otherwise deadlock. After the wait the task takes a slot again. In states: RUNNING or ACKED_EARLY
 * to LENT, and back to ACKED_EARLY.
 *
 * <h2>Concurrency</h2>
 *
 * Called from the task's thread and, for a chunk, from its items' threads: the first waiter lends
 * the slot, the last one takes it back. The hard time limit may abandon the delivery meanwhile; the
 * state decides who gives the slot back.
 */
final class SlotLender implements ManagedBlocking.Blocker {

  private final TrackedDelivery delivery;
  private final TaskPool pool;
  private final Settlement settlement;
  private int waiting;

  SlotLender(TrackedDelivery delivery, TaskPool pool, Settlement settlement) {
    this.delivery = delivery;
    this.pool = pool;
    this.settlement = settlement;
  }

  @Override
  public synchronized void beforeBlocking() {
    if (waiting++ > 0) {
      return;
    }
    if (settlement.lend(delivery)) {
      pool.release();
    } // else abandoned by its hard time limit: the slot is freed already
  }

  @Override
  public synchronized void afterBlocking() {
    if (--waiting > 0) {
      return;
    }
    if (delivery.state() != DeliveryState.LENT) {
      return; // abandoned meanwhile: it must not take a slot again
    }
    if (!pool.acquire()) {
      return; // stopping: run on without a slot; the state stays LENT, so none is released
    }
    if (delivery.moveFrom(EnumSet.of(DeliveryState.LENT), DeliveryState.ACKED_EARLY) == null) {
      pool.release(); // abandoned while it waited for the slot
    }
  }
}
