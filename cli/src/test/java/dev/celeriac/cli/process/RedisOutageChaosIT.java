package dev.celeriac.cli.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis result backend is down for 10 s in the middle of 2,000 tasks: every result is readable
 * afterwards, because the worker acknowledges a task only once its result is stored.
 *
 * <p>The outage is the server process stopped and started again on the same port: clients see
 * connection refused, then a fresh server, as in a Redis restart or failover. Pausing clients
 * ({@code CLIENT PAUSE}, {@code DEBUG SLEEP}) would only delay replies on an open connection, which
 * tests timeouts, not reconnection.
 */
class RedisOutageChaosIT {

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-redis");

  @Test
  @Timeout(120)
  void everyResultIsReadableAfterTheBackendWasDownMidRun() throws Exception {
    try (PrivateRedis redis = PrivateRedis.start()) {
      new BackendOutageDrill(drill, "redis-outage", "Redis", "result keys in Redis").run(redis);
    }
  }
}
