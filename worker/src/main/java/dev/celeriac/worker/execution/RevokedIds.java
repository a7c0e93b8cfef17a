package dev.celeriac.worker.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revoked task ids this worker remembers. Apart from {@link TaskExecutor} because it is bounded
 * state of its own: the broker's stream keeps revokes for days, memory keeps the newest hundred
 * thousand ids.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: every access holds the map's lock.
 */
final class RevokedIds {

  private final Map<String, Boolean> revoked =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 100_000;
        }
      };

  void add(String taskId) {
    synchronized (revoked) {
      revoked.put(taskId, Boolean.TRUE);
    }
  }

  /** Oldest first. */
  List<String> ids() {
    synchronized (revoked) {
      return List.copyOf(revoked.keySet());
    }
  }

  boolean contains(String taskId) {
    synchronized (revoked) {
      return revoked.containsKey(taskId);
    }
  }
}
