package dev.celeriac.backend.db.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements on Celery's tables, writing rows as Celery 5.2's {@code DatabaseBackend} does
 * ({@code _store_result}, {@code _update_result}):
 *
 * <ul>
 *   <li>{@code status}, {@code result} (a pickle, see {@link Pickles}), {@code traceback};
 *   <li>{@code date_done}: naive UTC now for SUCCESS, FAILURE and REVOKED. For other states Celery
 *       sets it to None, which SQLAlchemy's {@code onupdate=utcnow} turns into now when the row's
 *       value was already NULL (so a RETRY after a STARTED carries a time, a first STARTED does
 *       not): the same rule is applied here, so expiry treats both alike;
 *   <li>with {@code result_extended}: {@code name}, {@code args} and {@code kwargs} (JSON bytes),
 *       {@code worker}, {@code retries}, {@code queue}.
 * </ul>
 *
 * <p>Unlike Celery's database backend, and like its key-value backends, a stored SUCCESS is kept: a
 * redelivered task's STARTED must not hide its result.
 *
 * <p>Stateless; callers own the connections.
 */
public final class TaskRows {

  /**
   * A stored row: its status as written; the message when the status is a built-in state, or the
   * error when its result cannot be read (both null for a custom state or PENDING).
   */
  public record Stored(String status, ResultMessage message, ProtocolException error) {}

  private static final String BASE_COLUMNS = "id, task_id, status, result, date_done, traceback";
  private static final String EXTENDED_COLUMNS = ", name, args, kwargs, worker, retries, queue";

  private static final String UPSERT =
      "INSERT INTO celery_taskmeta AS t (%s) VALUES (nextval('task_id_sequence'), ?, ?, ?, ?, ?%s)"
          + " ON CONFLICT (task_id) DO UPDATE SET status = EXCLUDED.status,"
          + " result = EXCLUDED.result, traceback = EXCLUDED.traceback,"
          + " date_done = CASE WHEN EXCLUDED.date_done IS NOT NULL THEN EXCLUDED.date_done"
          + " WHEN t.date_done IS NULL THEN ?::timestamp ELSE NULL END%s"
          + " WHERE t.status IS DISTINCT FROM 'SUCCESS'";

  private static final String STORE = UPSERT.formatted(BASE_COLUMNS, "", "");
  private static final String STORE_EXTENDED =
      UPSERT.formatted(
          BASE_COLUMNS + EXTENDED_COLUMNS,
          ", ?, ?, ?, ?, ?, ?",
          ", name = EXCLUDED.name, args = EXCLUDED.args, kwargs = EXCLUDED.kwargs,"
              + " worker = EXCLUDED.worker, retries = EXCLUDED.retries, queue = EXCLUDED.queue");

  private TaskRows() {}

  /** Naive UTC, microseconds, as {@code datetime.utcnow()} and the column hold it. */
  public static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /**
   * Stores one state change.
   *
   * @return false when a stored SUCCESS was kept and the new state dropped
   */
  public static boolean store(
      Connection connection,
      ResultTarget target,
      ResultMessage result,
      Instant now,
      boolean extended)
      throws SQLException {
    byte[] pickle = Pickles.encodeResult(result.status(), result.result());
    LocalDateTime time = utc(now);
    try (PreparedStatement statement =
        connection.prepareStatement(extended ? STORE_EXTENDED : STORE)) {
      int i = 1;
      statement.setString(i++, target.taskId());
      statement.setString(i++, result.status().wireName());
      statement.setBytes(i++, pickle);
      statement.setObject(i++, result.status().isReady() ? time : null, Types.TIMESTAMP);
      statement.setString(i++, result.traceback());
      if (extended) {
        ResultTarget.Request request = target.request();
        statement.setString(i++, request == null ? null : request.name());
        statement.setBytes(
            i++,
            request == null || request.args() == null
                ? null
                : CeleryJson.writeBytes(request.args()));
        statement.setBytes(
            i++,
            request == null || request.kwargs() == null
                ? null
                : CeleryJson.writeBytes(request.kwargs()));
        statement.setString(i++, request == null ? null : request.worker());
        statement.setObject(i++, request == null ? null : request.retries(), Types.INTEGER);
        statement.setString(i++, request == null ? null : request.queue());
      }
      statement.setObject(i, time, Types.TIMESTAMP);
      return statement.executeUpdate() == 1;
    }
  }

  /** The stored rows of these tasks, by task id; tasks without a row are absent. */
  public static Map<String, Stored> read(Connection connection, Collection<String> taskIds)
      throws SQLException {
    Map<String, Stored> found = new LinkedHashMap<>();
    if (taskIds.isEmpty()) {
      return found;
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT task_id, status, result, traceback FROM celery_taskmeta"
                + " WHERE task_id = ANY(?)")) {
      statement.setArray(1, connection.createArrayOf("varchar", taskIds.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String taskId = rows.getString(1);
          String status = rows.getString(2);
          try {
            found.put(taskId, decode(taskId, status, rows.getBytes(3), rows.getString(4)));
          } catch (ProtocolException e) {
            found.put(taskId, new Stored(status, null, e));
          }
        }
      }
    }
    return found;
  }

  /** One task's row, when stored. */
  public static Optional<Stored> read(Connection connection, String taskId) throws SQLException {
    return Optional.ofNullable(read(connection, List.of(taskId)).get(taskId));
  }

  /**
   * A row as a result message; the message is null for a custom state (Celery's {@code
   * update_state}) or PENDING.
   *
   * @throws ProtocolException when the result column is not a pickle Celeriac reads, naming the
   *     task
   */
  public static Stored decode(String taskId, String status, byte[] result, String traceback) {
    TaskState state = builtIn(status);
    if (state == null || state == TaskState.PENDING) {
      return new Stored(status, null, null);
    }
    return new Stored(
        status,
        new ResultMessage(
            taskId,
            state,
            Pickles.decodeResult("task '" + taskId + "' (row of " + Tables.TASKS + ")", result),
            traceback,
            JsonNodeFactory.instance.arrayNode()),
        null);
  }

  /** Deletes a task's row; true when there was one. */
  public static boolean delete(Connection connection, String taskId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM celery_taskmeta WHERE task_id = ?")) {
      statement.setString(1, taskId);
      return statement.executeUpdate() > 0;
    }
  }

  /** Saves a group as {@code GroupResult.save()} does; a second save replaces the first. */
  public static void saveGroup(
      Connection connection, String groupId, List<String> taskIds, Instant now)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO celery_tasksetmeta (id, taskset_id, result, date_done)"
                + " VALUES (nextval('taskset_id_sequence'), ?, ?, ?)"
                + " ON CONFLICT (taskset_id) DO UPDATE SET result = EXCLUDED.result,"
                + " date_done = EXCLUDED.date_done")) {
      statement.setString(1, groupId);
      statement.setBytes(2, Pickles.encodeGroup(groupId, taskIds));
      statement.setObject(3, utc(now), Types.TIMESTAMP);
      statement.executeUpdate();
    }
  }

  /** A saved group's member ids. */
  public static Optional<List<String>> restoreGroup(Connection connection, String groupId)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT result FROM celery_tasksetmeta WHERE taskset_id = ?")) {
      statement.setString(1, groupId);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        byte[] pickle = rows.getBytes(1);
        String where = "group '" + groupId + "' (row of " + Tables.GROUPS + ")";
        if (pickle == null) {
          throw new ProtocolException("The saved " + where + " has no result");
        }
        return Optional.of(Pickles.decodeGroup(where, pickle));
      }
    }
  }

  /** Deletes a saved group; true when there was one. */
  public static boolean deleteGroup(Connection connection, String groupId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM celery_tasksetmeta WHERE taskset_id = ?")) {
      statement.setString(1, groupId);
      return statement.executeUpdate() > 0;
    }
  }

  /**
   * Deletes task and group rows whose {@code date_done} is before {@code before}, as Celery's
   * {@code cleanup()} does; rows without a {@code date_done} stay.
   *
   * @return the number of rows deleted
   */
  public static long cleanup(Connection connection, Instant before) throws SQLException {
    long deleted = 0;
    for (String table : List.of(Tables.TASKS, Tables.GROUPS)) {
      try (PreparedStatement statement =
          connection.prepareStatement("DELETE FROM " + table + " WHERE date_done < ?")) {
        statement.setObject(1, utc(before), Types.TIMESTAMP);
        deleted += statement.executeUpdate();
      }
    }
    return deleted;
  }

  private static TaskState builtIn(String status) {
    if (status == null) {
      return null;
    }
    for (TaskState state : TaskState.values()) {
      if (state.wireName().equals(status)) {
        return state;
      }
    }
    return null;
  }
}
