package dev.celeriac.backend.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.celeriac.backend.db.internal.Polls;
import dev.celeriac.backend.db.internal.Tables;
import dev.celeriac.backend.db.internal.TaskRows;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.ResultMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's database result backend on PostgreSQL ({@code db+postgresql://}): each state change of a
 * task is a row of {@code celery_taskmeta}, saved groups are rows of {@code celery_tasksetmeta}, in
 * the columns and pickled format Celery 5.2 uses with SQLAlchemy, so Python Celery clients and
 * workers configured with the same database read what this backend stores, and the other way round.
 * The tables are created when absent.
 *
 * <pre>{@code
 * try (DatabaseResultBackend results =
 *     DatabaseResultBackend.create("db+postgresql://celery@localhost/results")) {
 *   Optional<ResultMessage> result = results.fetch(taskId);
 * }
 * }</pre>
 *
 * <p>Connections come from a pool that opens them on first use and replaces broken ones, so the
 * backend follows PostgreSQL through restarts. A store while PostgreSQL is unreachable fails after
 * the timeout with an exception naming the backend; the caller decides whether to retry (a worker
 * does, holding the task unacknowledged). Watches read the rows (PostgreSQL has no notification
 * Celery writes), see {@link Polls}.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. The backend owns its pool ({@code celeriac-db} threads), the threads that run stores
 * ({@code celeriac-db-store-<n>}, as many as the pool's connections) and the one that polls watched
 * results ({@code celeriac-db-results}); {@link #close} stops them all. {@link #store} returns at
 * once; {@link #fetch}, {@link #forget}, {@link #restoreGroup} and {@link #cleanup} wait up to the
 * timeout.
 */
public final class DatabaseResultBackend implements ResultBackend {

  private static final Logger log = LoggerFactory.getLogger(DatabaseResultBackend.class);

  private final DatabaseBackendSettings settings;
  private final Clock clock;
  private final HikariDataSource pool;
  private final ExecutorService stores;
  private final Polls polls;
  private volatile boolean tablesReady;
  private volatile boolean closed;

  private DatabaseResultBackend(DatabaseBackendSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.pool = new HikariDataSource(poolConfig(settings));
    AtomicInteger count = new AtomicInteger();
    this.stores =
        Executors.newFixedThreadPool(
            settings.poolSize(),
            r ->
                Thread.ofPlatform()
                    .daemon()
                    .name("celeriac-db-store-" + count.incrementAndGet())
                    .unstarted(r));
    this.polls =
        new Polls(
            this::readForPolls,
            settings.maskedUrl(),
            settings.pollInterval(),
            settings.maxPollInterval(),
            settings.timeout(),
            clock);
  }

  /** A backend with these settings; nothing connects until the first call. */
  public static DatabaseResultBackend create(DatabaseBackendSettings settings) {
    return new DatabaseResultBackend(settings, Clock.systemUTC());
  }

  /** A backend for a Celery database URL with Celery's defaults (results kept one day). */
  public static DatabaseResultBackend create(String url) {
    return create(DatabaseBackendSettings.fromUrl(url));
  }

  /** The settings this backend runs with. */
  public DatabaseBackendSettings settings() {
    return settings;
  }

  @Override
  public String url() {
    return settings.maskedUrl();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  /**
   * Writes the task's row and completes once the transaction is committed. A stored SUCCESS is kept
   * and the new state dropped.
   */
  @Override
  public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
    if (target.taskId().length() > Tables.MAX_ID_LENGTH) {
      return CompletableFuture.failedFuture(
          new CeleriacException(
              "Cannot store the result of task "
                  + target.taskId()
                  + ": Celery's table holds task ids of at most "
                  + Tables.MAX_ID_LENGTH
                  + " characters"));
    }
    try {
      return CompletableFuture.runAsync(
          () -> {
            boolean stored =
                call(
                    "store " + result.status() + " of task " + target.taskId() + " in",
                    c -> TaskRows.store(c, target, result, clock.instant(), settings.extended()));
            if (!stored) {
              log.debug(
                  "Task {} already has a stored SUCCESS; its {} was not stored",
                  target.taskId(),
                  result.status());
            }
          },
          stores);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closedError());
    }
  }

  /** Reads the task's row now and then until its final state, see {@link Polls}. */
  @Override
  public ResultWatch watch(String taskId) {
    return polls.watch(taskId);
  }

  /**
   * @throws ProtocolException when the row's result is not a pickle Celeriac reads, or the task is
   *     in a custom state (from Celery's {@code update_state}), naming the task
   */
  @Override
  public Optional<ResultMessage> fetch(String taskId) {
    return message(taskId, call("read task " + taskId + " from", c -> TaskRows.read(c, taskId)));
  }

  /**
   * One query for all of them ({@code WHERE task_id = ANY(?)}), as {@code celery.chord_unlock}
   * reads a chord's header.
   *
   * @throws ProtocolException as {@link #fetch}, for the first such task in the order given
   */
  @Override
  public List<Optional<ResultMessage>> fetchAll(List<String> taskIds) {
    Map<String, TaskRows.Stored> rows =
        call(
            "read " + taskIds.size() + " tasks from",
            c -> TaskRows.read(c, new java.util.LinkedHashSet<>(taskIds)));
    List<Optional<ResultMessage>> states = new java.util.ArrayList<>(taskIds.size());
    for (String taskId : taskIds) {
      states.add(message(taskId, Optional.ofNullable(rows.get(taskId))));
    }
    return states;
  }

  private static Optional<ResultMessage> message(String taskId, Optional<TaskRows.Stored> row) {
    if (row.isEmpty()) {
      return Optional.empty();
    }
    TaskRows.Stored stored = row.get();
    if (stored.error() != null) {
      throw stored.error();
    }
    if (stored.message() == null) {
      if ("PENDING".equals(stored.status())) {
        return Optional.empty();
      }
      throw new ProtocolException(
          "Task "
              + taskId
              + " is in state '"
              + stored.status()
              + "' (row of "
              + Tables.TASKS
              + "), a custom state set by update_state(); Celeriac reads only Celery's built-in"
              + " states. Wait for the task to finish.");
    }
    return Optional.of(stored.message());
  }

  /** Deletes the task's row, as Celery's {@code forget()} does, and stops watching it here. */
  @Override
  public void forget(String taskId) {
    polls.cancelAll(taskId);
    call("delete task " + taskId + " from", c -> TaskRows.delete(c, taskId));
  }

  /** Saves a group as {@code GroupResult.save()} does; Python's {@code restore(id)} reads it. */
  @Override
  public CompletableFuture<Void> saveGroup(String groupId, List<String> taskIds) {
    if (groupId.length() > Tables.MAX_ID_LENGTH) {
      return CompletableFuture.failedFuture(
          new CeleriacException(
              "Cannot save group "
                  + groupId
                  + ": Celery's table holds group ids of at most "
                  + Tables.MAX_ID_LENGTH
                  + " characters"));
    }
    List<String> ids = List.copyOf(taskIds);
    try {
      return CompletableFuture.runAsync(
          () ->
              call(
                  "save group " + groupId + " in",
                  c -> {
                    TaskRows.saveGroup(c, groupId, ids, clock.instant());
                    return null;
                  }),
          stores);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closedError());
    }
  }

  /** The member task ids of a group saved by Celeriac or by Celery's {@code GroupResult.save()}. */
  @Override
  public Optional<List<String>> restoreGroup(String groupId) {
    return call("read group " + groupId + " from", c -> TaskRows.restoreGroup(c, groupId));
  }

  /**
   * Deletes a saved group, as Celery's {@code GroupResult.delete()} does; nothing happens when
   * there is none.
   */
  @Override
  public void deleteGroup(String groupId) {
    call("delete group " + groupId + " from", c -> TaskRows.deleteGroup(c, groupId));
  }

  /**
   * Deletes the results and groups finished longer than the expiry ago, as Celery's {@code
   * celery.backend_cleanup} task does; rows of unfinished tasks stay. Nothing is deleted when
   * results do not expire.
   *
   * @return the number of rows deleted
   */
  @Override
  public long cleanup() {
    if (settings.expires().isZero()) {
      return 0;
    }
    return call(
        "delete expired results from",
        c -> TaskRows.cleanup(c, clock.instant().minus(settings.expires())));
  }

  /** None: Celery sets {@code reply_to} whatever the backend; a database backend never uses it. */
  @Override
  public String replyTo() {
    return null;
  }

  /** Fails waiting watches, lets running stores finish (up to the timeout), closes the pool. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    polls.close();
    stores.shutdown();
    try {
      if (!stores.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        stores.shutdownNow();
      }
    } catch (InterruptedException e) {
      stores.shutdownNow();
      Thread.currentThread().interrupt();
    }
    pool.close();
  }

  private Map<String, TaskRows.Stored> readForPolls(Set<String> ids) {
    return call("read watched results from", c -> TaskRows.read(c, ids));
  }

  /** Work on one pooled connection. */
  private interface Work<T> {
    T on(Connection connection) throws SQLException;
  }

  private <T> T call(String what, Work<T> work) {
    if (closed) {
      throw closedError();
    }
    try (Connection connection = pool.getConnection()) {
      if (!tablesReady) {
        prepareTables(connection);
      }
      return work.on(connection);
    } catch (SQLException e) {
      throw new CeleriacException(
          "PostgreSQL result backend "
              + url()
              + ": cannot "
              + what
              + " it: "
              + e.getMessage()
              + (e.getSQLState() != null && e.getSQLState().startsWith("08")
                  ? ". Check that PostgreSQL runs there and that the URL's host, port, user and"
                      + " password are right."
                  : ""),
          e);
    }
  }

  private synchronized void prepareTables(Connection connection) throws SQLException {
    if (!tablesReady) {
      Tables.create(connection, settings.extended());
      tablesReady = true;
    }
  }

  private CeleriacException closedError() {
    return new CeleriacException("The PostgreSQL result backend " + url() + " is closed");
  }

  private static HikariConfig poolConfig(DatabaseBackendSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setPoolName("celeriac-db");
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    long timeout = settings.timeout().toMillis();
    config.setConnectionTimeout(timeout);
    config.setValidationTimeout(Math.max(250, timeout / 4));
    // Do not fail at creation when PostgreSQL is down: the first call reports it instead.
    config.setInitializationFailTimeout(-1);
    long seconds = Math.max(1, Duration.ofMillis(timeout).toSeconds());
    config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
    config.addDataSourceProperty("socketTimeout", Long.toString(seconds * 3));
    config.addDataSourceProperty("ApplicationName", "celeriac-results");
    AtomicInteger count = new AtomicInteger();
    config.setThreadFactory(
        r ->
            Thread.ofPlatform()
                .daemon()
                .name("celeriac-db-pool-" + count.incrementAndGet())
                .unstarted(r));
    return config;
  }
}
