package dev.celeriac.backend.db.testing;

import dev.celeriac.backend.db.DatabaseBackendSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server integration tests run against: {@value #URL_VARIABLE} (system property or
 * environment variable), default {@value #DEFAULT_URL}: a database of the tests' own, created when
 * absent, so nothing else on the server is touched. Tests use fresh task ids and delete nothing but
 * their own rows, except in databases they create for themselves ({@link #database}).
 *
 * <p>Without a reachable server a test is skipped, unless it runs in CI (environment variable
 * {@code CI} set), where it fails: a CI run must not turn green by skipping every database test.
 */
public final class TestPostgres {

  public static final String URL_VARIABLE = "CELERIAC_TEST_POSTGRES_URL";
  public static final String DEFAULT_URL = "db+postgresql://postgres@127.0.0.1:5432/celeriac_it";

  private TestPostgres() {}

  public static String url() {
    String url = System.getProperty(URL_VARIABLE, System.getenv(URL_VARIABLE));
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  /** Skips (or, in CI, fails) the calling test unless the server accepts connections. */
  public static String require() {
    return database(DatabaseBackendSettings.fromUrl(url()).database(), false);
  }

  /**
   * The URL of database {@code name} on the test server, created when absent (dropped and created
   * again when {@code fresh}).
   */
  public static String database(String name, boolean fresh) {
    DatabaseBackendSettings settings = DatabaseBackendSettings.fromUrl(url());
    boolean up;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(settings.host(), settings.port()), 2_000);
      up = true;
    } catch (IOException e) {
      up = false;
    }
    if (!up && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "PostgreSQL is required in CI at " + settings.maskedUrl() + " (" + URL_VARIABLE + ")");
    }
    Assumptions.assumeTrue(
        up, "no PostgreSQL at " + settings.maskedUrl() + "; set " + URL_VARIABLE);
    String admin = settings.newBuilder().database("postgres").build().jdbcUrl();
    try (Connection c = DriverManager.getConnection(admin, settings.user(), settings.password());
        Statement s = c.createStatement()) {
      if (fresh) {
        s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
      }
      try (var rows = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (!rows.next()) {
          s.execute("CREATE DATABASE \"" + name + "\"");
        }
      }
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) { // created meanwhile by another test JVM
        throw new IllegalStateException("cannot prepare test database " + name + ": " + e, e);
      }
    }
    String base = url();
    return base.substring(0, base.lastIndexOf('/') + 1) + name;
  }

  /** A JDBC connection to the database of a backend URL, for tests that look at rows. */
  public static Connection connect(String url) throws SQLException {
    DatabaseBackendSettings settings = DatabaseBackendSettings.fromUrl(url);
    return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
  }
}
