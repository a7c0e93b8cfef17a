package dev.celeriac.backend.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Celery 5.2's tables ({@code celery/backends/database/models.py}) as SQLAlchemy creates them on
 * PostgreSQL: {@code celery_taskmeta} and {@code celery_tasksetmeta}, whose integer ids come from
 * the sequences {@code task_id_sequence} and {@code taskset_id_sequence} (drawn in each INSERT, as
 * SQLAlchemy does: the columns have no default), and unique task and group ids. The six columns of
 * {@code result_extended} are part of the task table here; Celery adds them only when it creates
 * the table with {@code result_extended} on, so they are added to an existing table when missing
 * and Celeriac runs extended.
 */
public final class Tables {

  public static final String TASKS = "celery_taskmeta";
  public static final String GROUPS = "celery_tasksetmeta";

  /** Celery's String(155) for task and group ids. */
  public static final int MAX_ID_LENGTH = 155;

  /** Serialises concurrent creation by several workers (two CREATE IF NOT EXISTS can collide). */
  private static final long LOCK_KEY = 0x63656c6572790001L;

  private static final String[] CREATE = {
    "CREATE SEQUENCE IF NOT EXISTS task_id_sequence",
    "CREATE SEQUENCE IF NOT EXISTS taskset_id_sequence",
    "CREATE TABLE IF NOT EXISTS celery_taskmeta ("
        + "id INTEGER NOT NULL, task_id VARCHAR(155), status VARCHAR(50), result BYTEA,"
        + " date_done TIMESTAMP WITHOUT TIME ZONE, traceback TEXT, name VARCHAR(155),"
        + " args BYTEA, kwargs BYTEA, worker VARCHAR(155), retries INTEGER, queue VARCHAR(155),"
        + " PRIMARY KEY (id), UNIQUE (task_id))",
    "CREATE TABLE IF NOT EXISTS celery_tasksetmeta ("
        + "id INTEGER NOT NULL, taskset_id VARCHAR(155), result BYTEA,"
        + " date_done TIMESTAMP WITHOUT TIME ZONE, PRIMARY KEY (id), UNIQUE (taskset_id))"
  };

  private static final String ADD_EXTENDED =
      "ALTER TABLE celery_taskmeta ADD COLUMN IF NOT EXISTS name VARCHAR(155),"
          + " ADD COLUMN IF NOT EXISTS args BYTEA, ADD COLUMN IF NOT EXISTS kwargs BYTEA,"
          + " ADD COLUMN IF NOT EXISTS worker VARCHAR(155),"
          + " ADD COLUMN IF NOT EXISTS retries INTEGER,"
          + " ADD COLUMN IF NOT EXISTS queue VARCHAR(155)";

  private Tables() {}

  /**
   * Creates what is missing, in one transaction under an advisory lock; leaves existing tables
   * (Celery's or an earlier Celeriac's) as they are, except for adding the extended columns when
   * {@code extended}.
   */
  public static void create(Connection connection, boolean extended) throws SQLException {
    boolean auto = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
      if (!exists(statement)) {
        for (String sql : CREATE) {
          statement.execute(sql);
        }
      }
      if (extended) {
        statement.execute(ADD_EXTENDED);
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(auto);
    }
  }

  private static boolean exists(Statement statement) throws SQLException {
    try (var rows =
        statement.executeQuery(
            "SELECT to_regclass('celery_taskmeta') IS NOT NULL"
                + " AND to_regclass('celery_tasksetmeta') IS NOT NULL"
                + " AND to_regclass('task_id_sequence') IS NOT NULL"
                + " AND to_regclass('taskset_id_sequence') IS NOT NULL")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }
}
