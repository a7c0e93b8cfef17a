package dev.celeriac.cli.process;

import dev.celeriac.broker.testing.TestEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process of the test's own on a free port, which the test may stop and
 * start again on the same port without touching any Redis other tests or people use. It keeps its
 * data in an append-only file in a temporary directory, as a Redis that holds results must: a
 * {@link #stop} is a shutdown (SIGTERM, which flushes the file), and {@link #restart} loads what
 * was stored before, so a result stored once stays readable, as the results drill requires. Without
 * persistence a restart would empty it and lose every result stored before the outage.
 *
 * <pre>{@code
 * try (PrivateRedis redis = PrivateRedis.start()) {
 *   redis.stop();   // clients see connection refused
 *   redis.restart(); // same port, empty
 * }
 * }</pre>
 *
 * <p>Concurrency: used by the test's own thread only.
 */
final class PrivateRedis implements StoppableBackend {

  /** The Debian package's binary, as installed locally and in CI. */
  static final Path SERVER = Path.of("/usr/bin/redis-server");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Path dir;
  private Process process;

  private PrivateRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts one on a free port; skips the calling test (fails it in CI) without the binary. */
  static PrivateRedis start() throws IOException {
    TestEnvironment.require(
        Files.isExecutable(SERVER),
        "a redis-server binary at " + SERVER + " to stop and start",
        "apt-get install -y redis-server");
    PrivateRedis redis = new PrivateRedis(freePort(), Files.createTempDirectory("private-redis"));
    redis.restart();
    return redis;
  }

  /** Its URL, database 0 (a private server: every key in it is the test's). */
  @Override
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  int port() {
    return port;
  }

  /** Starts the server (again) on the same port and waits until it accepts connections. */
  @Override
  public void restart() throws IOException {
    process =
        new ProcessBuilder(
                SERVER.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "yes")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!accepts()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "redis-server on port " + port + " did not accept connections within " + START_TIMEOUT);
      }
      sleep(20);
    }
  }

  /** Stops the server (SIGTERM) and waits until it has exited. */
  @Override
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * The number of keys it holds (redis-cli DBSIZE), or -1 when it does not answer: one a result, as
   * nothing else is stored in it.
   */
  @Override
  public long stored() throws IOException, InterruptedException {
    Process cli =
        new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "DBSIZE")
            .redirectErrorStream(true)
            .start();
    String out = new String(cli.getInputStream().readAllBytes()).strip();
    cli.waitFor();
    return out.matches("\\d+") ? Long.parseLong(out) : -1;
  }

  /** Stops it and deletes its data. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      stop();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(PrivateRedis::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }
}
