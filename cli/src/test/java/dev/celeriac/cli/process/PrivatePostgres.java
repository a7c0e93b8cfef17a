package dev.celeriac.cli.process;

import dev.celeriac.broker.testing.TestEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own ({@code initdb} in a temporary directory, trust
 * authentication, on a free port of 127.0.0.1), which the test may stop and start again without
 * touching the server other tests or people use. {@link #stop} is a fast shutdown: open connections
 * are closed and new ones refused, and everything committed is on disk when the cluster starts
 * again ({@link #restart}). PostgreSQL refuses to run as root, so as root the commands run as the
 * {@code postgres} user, which the Debian package creates.
 *
 * <pre>{@code
 * try (PrivatePostgres db = PrivatePostgres.start()) {
 *   db.stop();    // clients see connection refused
 *   db.restart(); // same port, same data
 * }
 * }</pre>
 *
 * <p>Concurrency: used by the test's own thread only.
 */
final class PrivatePostgres implements StoppableBackend {

  /** The Debian package's binaries, as installed locally and in CI. */
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final int port;
  private final Path dir;
  private final boolean asRoot;

  private PrivatePostgres(int port, Path dir, boolean asRoot) {
    this.port = port;
    this.dir = dir;
    this.asRoot = asRoot;
  }

  /** Creates and starts a cluster; skips the calling test (fails it in CI) without PostgreSQL. */
  static PrivatePostgres start() throws IOException, InterruptedException {
    TestEnvironment.require(
        Files.isExecutable(BIN.resolve("initdb")),
        "PostgreSQL 15 binaries in " + BIN + " to create a private cluster",
        "apt-get install -y postgresql-15");
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("private-postgres");
    PrivatePostgres db = new PrivatePostgres(freePort(), dir, root);
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()));
    }
    db.run(
        db.as(
            BIN.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync"));
    db.restart();
    return db;
  }

  /** Its result backend URL: the cluster's {@code postgres} database. */
  @Override
  public String url() {
    return "db+postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Starts the cluster (again) on the same port and waits until it accepts connections. */
  @Override
  public void restart() throws IOException, InterruptedException {
    run(
        as(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("log").toString(),
            "-w",
            "-t",
            Long.toString(TIMEOUT.toSeconds()),
            "-o",
            "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off",
            "start"));
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!accepts()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("private PostgreSQL on port " + port + " did not start");
      }
      Thread.sleep(20);
    }
  }

  /** A fast shutdown: sessions are ended, new connections refused; waits until it has stopped. */
  @Override
  public void stop() throws IOException, InterruptedException {
    run(
        as(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-w",
            "-m",
            "fast",
            "stop"));
  }

  /** Rows of {@code celery_taskmeta} in SUCCESS, or -1 when the cluster does not answer. */
  @Override
  public long stored() {
    return rows("SUCCESS");
  }

  /** Rows of {@code celery_taskmeta} in {@code status}, or -1 when the cluster does not answer. */
  long rows(String status) {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2",
                "postgres",
                "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM celery_taskmeta WHERE status = '" + status + "'")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      return "42P01".equals(e.getSQLState()) ? 0 : -1; // no table yet: nothing stored
    }
  }

  /** Stops it and deletes its data. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (accepts()) {
      stop();
    }
    run(List.of("rm", "-rf", dir.toString()));
  }

  private List<String> as(String... command) {
    List<String> full = new ArrayList<>();
    if (asRoot) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
