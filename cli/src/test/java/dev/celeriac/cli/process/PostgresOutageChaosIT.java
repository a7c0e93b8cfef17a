package dev.celeriac.cli.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL result backend is down for 10 s in the middle of 2,000 tasks: every result is
 * readable afterwards, because the worker acknowledges a task only once its row is committed.
 *
 * <p>The outage is a private cluster shut down (fast mode: sessions ended, new connections refused)
 * and started again on the same port with its data, as in a database restart. The worker's pooled
 * connections break and are replaced once the server is back.
 */
class PostgresOutageChaosIT {

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-postgres");

  @Test
  @Timeout(120)
  void everyResultIsReadableAfterTheBackendWasDownMidRun() throws Exception {
    try (PrivatePostgres db = PrivatePostgres.start()) {
      new BackendOutageDrill(drill, "postgres-outage", "PostgreSQL", "SUCCESS rows in PostgreSQL")
          .run(db);
    }
  }
}
