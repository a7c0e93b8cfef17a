package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.worker.PoolType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a job waits for a slot: woken by a release or a refusal, never by polling. */
class TaskPoolTest {

  // Generous: a wake-up is immediate; this only keeps a broken pool from hanging the build.
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final TaskPool pool = new TaskPool(PoolType.THREADS, 1);
  private Thread waiter;

  @AfterEach
  void stop() {
    if (waiter != null) {
      waiter.interrupt();
    }
    pool.shutdownNow();
  }

  /** Starts a thread that waits in acquire; returns where its answer will be. */
  private AtomicReference<Boolean> waitForSlot(AtomicBoolean interruptedAfter) {
    AtomicReference<Boolean> answer = new AtomicReference<>();
    waiter =
        new Thread(
            () -> {
              answer.set(pool.acquire());
              interruptedAfter.set(Thread.currentThread().isInterrupted());
            },
            "slot-waiter");
    waiter.start();
    // An untimed wait: only a release, a refusal or an interrupt wakes it (a poll would be TIMED).
    await().atMost(WAIT).until(() -> waiter.getState() == Thread.State.WAITING);
    assertThat(answer.get()).as("waits while the only slot is taken").isNull();
    return answer;
  }

  @Test
  void aWaitingJobTakesTheSlotAsSoonAsItIsReleased() {
    assertThat(pool.acquire()).isTrue();
    AtomicReference<Boolean> answer = waitForSlot(new AtomicBoolean());

    pool.release();

    await().atMost(WAIT).untilAsserted(() -> assertThat(answer.get()).isTrue());
    assertThat(pool.busy()).isEqualTo(1);
  }

  @Test
  void refusingSlotsWakesAWaitingJobWhichTakesNone() {
    assertThat(pool.acquire()).isTrue();
    AtomicReference<Boolean> answer = waitForSlot(new AtomicBoolean());

    pool.refuseSlots();

    await().atMost(WAIT).untilAsserted(() -> assertThat(answer.get()).isFalse());
    assertThat(pool.busy()).isEqualTo(1);
  }

  @Test
  void aSlotFreedAfterTheRefusalGoesToNoJob() {
    assertThat(pool.acquire()).isTrue();
    pool.refuseSlots();

    pool.release();

    assertThat(pool.busy()).isZero();
    assertThat(pool.acquire()).as("a free slot, but the pool is shutting down").isFalse();
    assertThat(pool.busy()).isZero();
  }

  @Test
  void anInterruptedWaiterGivesUpAndKeepsItsInterrupt() {
    assertThat(pool.acquire()).isTrue();
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicReference<Boolean> answer = waitForSlot(interrupted);

    waiter.interrupt();

    await().atMost(WAIT).untilAsserted(() -> assertThat(answer.get()).isFalse());
    await().atMost(WAIT).until(() -> !waiter.isAlive());
    assertThat(interrupted).isTrue();
    assertThat(pool.busy()).isEqualTo(1);
  }

  @Test
  void anInterruptedThreadTakesNoFreeSlot() {
    Thread.currentThread().interrupt();
    try {
      assertThat(pool.acquire()).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(pool.busy()).isZero();
  }
}
