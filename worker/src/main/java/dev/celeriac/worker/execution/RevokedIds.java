package dev.celeriac.worker.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revoked task ids this worker remembers. Bounded state of its own: the broker's stream keeps
 * revokes for days, memory keeps the newest hundred thousand ids.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe: every access holds the map's lock.
 */
public final class RevokedIds {

  private final Map<String, Boolean> revoked =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 100_000;
        }
      };

  public void add(String taskId) {
    synchronized (revoked) {
      revoked.put(taskId, Boolean.TRUE);
    }
  }

  /** Oldest first. */
  public List<String> ids() {
    synchronized (revoked) {
      return List.copyOf(revoked.keySet());
    }
  }

  public boolean contains(String taskId) {
    synchronized (revoked) {
      return revoked.containsKey(taskId);
    }
  }
}
