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
}
