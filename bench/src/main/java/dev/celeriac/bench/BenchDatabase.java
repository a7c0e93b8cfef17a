package dev.celeriac.bench;

import dev.celeriac.backend.db.DatabaseBackendSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL database the PostgreSQL rows store results in: a database of the benchmark's own,
 * created when absent, whose result tables are emptied before each run. Celery's database backend
 * never deletes a row by itself, so without that every run would insert into the tables the earlier
 * runs filled, and the figures would drift with the number of runs.
 */
final class BenchDatabase {

  /** Celery's tables, as Celeriac and Celery's SQLAlchemy models create them. */
  private static final List<String> TABLES = List.of("celery_taskmeta", "celery_tasksetmeta");

  /** Databases that exist on any PostgreSQL server, tried in turn to create the benchmark's. */
  private static final List<String> ADMIN_DATABASES = List.of("postgres", "test");

  private final DatabaseBackendSettings settings;

  private BenchDatabase(DatabaseBackendSettings settings) {
    this.settings = settings;
  }

  /** The database of {@code url}, created (from the postgres or test database) when absent. */
  static BenchDatabase prepare(String url) throws SQLException {
    DatabaseBackendSettings settings = DatabaseBackendSettings.fromUrl(url);
    SQLException failed = null;
    for (String admin : ADMIN_DATABASES) {
      String jdbc = settings.newBuilder().database(admin).build().jdbcUrl();
      try (Connection c = DriverManager.getConnection(jdbc, settings.user(), settings.password());
          Statement s = c.createStatement()) {
        try (var rows =
            s.executeQuery(
                "SELECT 1 FROM pg_database WHERE datname = '"
                    + settings.database().replace("'", "''")
                    + "'")) {
          if (!rows.next()) {
            s.execute("CREATE DATABASE \"" + settings.database().replace("\"", "\"\"") + "\"");
            Harness.log("created database " + settings.database());
          }
        }
        return new BenchDatabase(settings);
      } catch (SQLException e) {
        if (failed != null) {
          e.addSuppressed(failed);
        }
        failed = e;
      }
    }
    throw new SQLException(
        "cannot create the benchmark's database "
            + settings.database()
            + " on "
            + settings.maskedUrl()
            + " (tried from the databases "
            + ADMIN_DATABASES
            + "); create it, or name another with --postgres",
        failed);
  }

  /** Empties the result tables that exist (none do before the first run). */
  void clear() {
    try (Connection c =
            DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        Statement s = c.createStatement()) {
      // An idle worker holds no lock; a stuck transaction should fail the run, not hang it.
      s.execute("SET lock_timeout = '10s'");
      for (String table : TABLES) {
        boolean exists;
        try (var rows = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
          rows.next();
          exists = rows.getBoolean(1);
        }
        if (exists) {
          s.execute("TRUNCATE " + table);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot empty the result tables in " + settings.maskedUrl() + ": " + e.getMessage(), e);
    }
  }

  /** The URL as shown in the report, without a password. */
  String maskedUrl() {
    return settings.maskedUrl();
  }
}
