package dev.celeriac.cli.process;

import static org.awaitility.Awaitility.await;

import dev.celeriac.worker.TestTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker started through the {@code celeriac} CLI in its own JVM, as a user would start it. Its
 * output goes to a file the test can read.
 */
public final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code celeriac -A TestTasks worker -b url -Q queue ...extra}. */
  public static WorkerProcess start(String brokerUrl, String queue, String name, String... extra)
      throws IOException {
    return start(List.of(), brokerUrl, queue, name, extra);
  }

  /**
   * As {@link #start(String, String, String, String...)}, with options for the worker's JVM, e.g. a
   * fixed, pre-touched heap for a drill that measures the process's memory.
   */
  public static WorkerProcess start(
      List<String> jvmOptions, String brokerUrl, String queue, String name, String... extra)
      throws IOException {
    String jar = System.getProperty("celeriac.cli.jar", "target/celeriac.jar");
    // The task classes live in the worker module's test-jar (or its test-classes directory).
    String testClasses = classPathOf(TestTasks.class);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(jar + java.io.File.pathSeparator + testClasses);
    command.add("dev.celeriac.cli.CeleriacCommand");
    command.addAll(
        List.of(
            "-A",
            TestTasks.class.getName(),
            "worker",
            "-b",
            brokerUrl,
            "-Q",
            queue,
            "-n",
            name,
            "-l",
            "info"));
    command.addAll(List.of(extra));
    Path log = Files.createTempFile("celeriac-worker-" + name.replace('@', '-'), ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new WorkerProcess(process, log);
  }

  private static String classPathOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + type, e);
    }
  }

  /** Waits until the worker logged that it is ready. */
  public WorkerProcess awaitReady() {
    if (!awaitReadyOrExit()) {
      throw new AssertionError("worker exited with " + process.exitValue() + ":\n" + output());
    }
    return this;
  }

  /**
   * Waits until the worker says it is ready (true) or its process ends first (false): for drills
   * whose task may kill the worker as soon as it starts consuming.
   */
  public boolean awaitReadyOrExit() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> output().contains("ready.") || !process.isAlive());
    return output().contains("ready.") || process.isAlive();
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGTERM: a warm shutdown. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL. */
  void kill() {
    process.destroyForcibly();
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("worker did not exit within " + timeout + ":\n" + output());
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
  }
}
