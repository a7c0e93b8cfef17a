package dev.celeriac.worker.execution;

import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.consume.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What remote control inspects: the decoded deliveries a worker holds (waiting, scheduled or
 * running) and how many tasks of each name it started (Celery's {@code stats.total}).
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe.
 */
final class Ledger {

  private final Map<Delivery, TaskExecutor.Held> held = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

  void hold(Delivery delivery, TaskMessage message) {
    held.put(delivery, new TaskExecutor.Held(message, Instant.now()));
  }

  void release(Delivery delivery) {
    held.remove(delivery);
  }

  List<TaskExecutor.Held> held() {
    return List.copyOf(held.values());
  }

  void started(String taskName) {
    totals.computeIfAbsent(taskName, n -> new LongAdder()).increment();
  }

  Map<String, Long> totals() {
    Map<String, Long> copy = new TreeMap<>();
    totals.forEach((name, count) -> copy.put(name, count.sum()));
    return copy;
  }
}
