package dev.celeriac.worker.pipeline;

import dev.celeriac.protocol.TaskMessage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every delivery this worker holds, each with its one {@link DeliveryState}, from the moment the
 * broker hands it over until it is settled. Inspection (active, reserved, scheduled), the counts
 * (in flight, processed, totals by task) and revoke-with-terminate all read it.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe.
 */
public final class InFlightRegistry {

  private final Map<Long, TrackedDelivery> deliveries = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

  /** An empty registry; one per pipeline. */
  public InFlightRegistry() {}

  /** Tracks a delivery the broker just handed over, in RECEIVED. */
  TrackedDelivery receive(InboundMessage inbound) {
    long id = ids.incrementAndGet();
    TrackedDelivery delivery = new TrackedDelivery(id, inbound, this);
    deliveries.put(id, delivery);
    return delivery;
  }

  /** Called once a delivery reached SETTLED. */
  void remove(TrackedDelivery delivery) {
    deliveries.remove(delivery.id());
  }

  /** Counts a delivery settled after being handled here (not one handed over to the broker). */
  void countProcessed() {
    processed.incrementAndGet();
  }

  /** Counts a started task for Celery's {@code stats.total}. */
  void countStarted(String taskName) {
    totals.computeIfAbsent(taskName, n -> new LongAdder()).increment();
  }

  /** Deliveries received and not yet settled (waiting, scheduled, running or settling). */
  public int size() {
    return deliveries.size();
  }

  /** Deliveries settled after being handled here, since start. */
  public long processed() {
    return processed.get();
  }

  /** Tasks started since start, by name (Celery's {@code stats.total}). */
  public Map<String, Long> totals() {
    Map<String, Long> copy = new TreeMap<>();
    totals.forEach((name, count) -> copy.put(name, count.sum()));
    return copy;
  }

  /** Tasks whose body runs now (slot held or lent). */
  public int running() {
    return (int) deliveries.values().stream().filter(d -> d.state().running()).count();
  }

  /** The decoded deliveries not yet settling, oldest first, for inspection. */
  public List<InFlightTask> snapshot() {
    return deliveries.values().stream()
        .filter(d -> d.message() != null && d.state().compareTo(DeliveryState.SETTLING) < 0)
        .map(InFlightRegistry::view)
        .sorted(java.util.Comparator.comparing(InFlightTask::received))
        .toList();
  }

  /** Interrupts the running bodies of {@code taskId}; they will be reported REVOKED. */
  void terminate(String taskId) {
    for (TrackedDelivery d : deliveries.values()) {
      TaskMessage m = d.message();
      if (m != null && m.id().equals(taskId)) {
        d.interrupt(TrackedDelivery.Interruption.TERMINATED);
      }
    }
  }

  private static InFlightTask view(TrackedDelivery d) {
    Thread thread = d.thread();
    return new InFlightTask(
        d.message(),
        d.state(),
        d.entered(DeliveryState.RECEIVED),
        d.entered(DeliveryState.RUNNING),
        thread == null ? null : thread.getName());
  }
}
