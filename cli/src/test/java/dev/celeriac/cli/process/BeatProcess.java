package dev.celeriac.cli.process;

import dev.celeriac.cli.CeleriacCommand;
import dev.celeriac.cli.launcher.JvmOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code celeriac beat} process for the process-level tests, started from the CLI jar this build
 * made, as a user starts it; its output goes to a file the test reads.
 *
 * <p>Concurrency: used by the test's thread.
 */
final class BeatProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private BeatProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code celeriac beat -b url -l info ...args}. */
  static BeatProcess start(String name, String brokerUrl, String... args) throws IOException {
    String jar = System.getProperty("celeriac.cli.jar", "target/celeriac.jar");
    Map<String, String> env = new HashMap<>(System.getenv());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JvmOptions.of(env));
    // The client compiler only: a beat needs little peak speed, and on a busy CI host three JVMs
    // starting at once otherwise take seconds longer to send their first tick.
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(List.of("-cp", jar, CeleriacCommand.class.getName(), "beat"));
    command.addAll(List.of("-b", brokerUrl, "-l", "info"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("celeriac-beat-" + name + "-", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    return new BeatProcess(name, p, log);
  }

  String name() {
    return name;
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Whether it has said it is the sender since it started. */
  boolean isSender() {
    return output().contains("is now the beat sender");
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no goodbye to the broker; the kernel closes its socket. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for it to exit. */
  int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary file; the OS cleans up
    }
  }
}
