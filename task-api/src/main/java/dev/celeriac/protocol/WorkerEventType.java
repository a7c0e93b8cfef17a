package dev.celeriac.protocol;

import java.util.Optional;

/**
 * Celery's worker event types ({@code celery/worker/heartbeat.py}): a worker announces itself,
 * beats every two seconds while it runs, and says goodbye at a warm shutdown.
 *
 * <pre>{@code
 * boolean gone = WorkerEventType.fromWire(type).orElse(null) == WorkerEventType.OFFLINE;
 * }</pre>
 */
public enum WorkerEventType {
  ONLINE("worker-online"),
  HEARTBEAT("worker-heartbeat"),
  OFFLINE("worker-offline");

  private final String wireName;

  WorkerEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The event's {@code type} field, e.g. {@code worker-heartbeat}. */
  public String wireName() {
    return wireName;
  }

  /** The type of an event's {@code type} field, or empty for another one. */
  public static Optional<WorkerEventType> fromWire(String type) {
    for (WorkerEventType t : values()) {
      if (t.wireName.equals(type)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
