package dev.celeriac.monitor.state;

import java.util.List;

/**
 * A worker as its {@code worker-*} events describe it. {@code pool} and {@code concurrency} come
 * from a {@code stats} reply when one was received, else they are null.
 *
 * @param online false after {@code worker-offline} or when heartbeats stopped for longer than
 *     {@link ClusterState#HEARTBEAT_EXPIRY_FACTOR} times their interval
 * @param active tasks running, from the last heartbeat
 * @param processed tasks it has finished since it started, from the last heartbeat
 * @param loadavg the host's 1, 5 and 15 minute load averages
 */
public record WorkerView(
    String hostname,
    boolean online,
    String software,
    Integer pid,
    Integer active,
    Long processed,
    List<Double> loadavg,
    double freq,
    double lastHeartbeat,
    String pool,
    Integer concurrency) {

  /** This worker with the pool and concurrency of a {@code stats} reply. */
  WorkerView withStats(String pool, Integer concurrency) {
    return copy(online, pool, concurrency);
  }

  /** This worker shown offline, as when its heartbeats stopped. */
  WorkerView offline() {
    return copy(false, pool, concurrency);
  }

  private WorkerView copy(boolean online, String pool, Integer concurrency) {
    return new WorkerView(
        hostname,
        online,
        software,
        pid,
        active,
        processed,
        loadavg,
        freq,
        lastHeartbeat,
        pool,
        concurrency);
  }
}
