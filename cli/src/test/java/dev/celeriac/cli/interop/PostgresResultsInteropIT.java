package dev.celeriac.cli.interop;

import dev.celeriac.backend.db.testing.TestPostgres;
import dev.celeriac.broker.testing.PythonCelery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Results through PostgreSQL between Python Celery 5.2.6 ({@code backend='db+postgresql://…'},
 * SQLAlchemy and psycopg2) and Celeriac, in both directions, each read by id by a process that did
 * not send the task.
 */
class PostgresResultsInteropIT extends ResultsInteropContract {

  @Override
  String requireBackend() {
    PythonCelery.requireWithPostgres();
    return TestPostgres.require();
  }

  @Override
  String pythonBackendClass() {
    return "DatabaseBackend";
  }

  @Override
  String name() {
    return "postgres";
  }

  @Override
  String storedStatus(String taskId) throws SQLException {
    try (Connection c = TestPostgres.connect(backend());
        PreparedStatement s =
            c.prepareStatement("SELECT status FROM celery_taskmeta WHERE task_id = ?")) {
      s.setString(1, taskId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  @Override
  void forget(List<String> taskIds) throws SQLException {
    try (Connection c = TestPostgres.connect(backend());
        PreparedStatement s =
            c.prepareStatement("DELETE FROM celery_taskmeta WHERE task_id = ANY(?)")) {
      s.setArray(1, c.createArrayOf("varchar", taskIds.toArray()));
      s.executeUpdate();
    }
  }
}
