package dev.celeriac.cli.launcher;

import dev.celeriac.error.CeleriacException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker process started by {@link WorkerLauncher}: its pid and output, a wait for the line
 * {@code <hostname> ready.} that {@code celeriac worker} prints once it consumes its queues, and
 * the ways to end it (SIGTERM for a warm shutdown, SIGKILL).
 *
 * <pre>{@code
 * try (LaunchedWorker worker = launcher.start().awaitReady()) {
 *   System.out.println("worker " + worker.pid() + " is consuming");
 *   int code = worker.stop(Duration.ofSeconds(40));
 * }
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. One platform daemon thread per process, {@code celeriac-launcher-<pid>}, reads its
 * output into the log file (and the echo writer) until the process closes it; {@link #close()} ends
 * the process and waits for that thread.
 */
public final class LaunchedWorker implements AutoCloseable {

  /** How long {@link #awaitReady()} waits: a JVM start and a broker connection on a busy host. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(10);

  private final Process process;
  private final List<String> command;
  private final Path log;
  private final boolean temporaryLog;
  private final PrintWriter echo;
  private final String hostname;
  // true once the ready line was seen; false when the output ended first
  private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
  private final Thread reader;

  LaunchedWorker(
      Process process,
      List<String> command,
      Path log,
      boolean temporaryLog,
      PrintWriter echo,
      String hostname) {
    this.process = process;
    this.command = command;
    this.log = log;
    this.temporaryLog = temporaryLog;
    this.echo = echo;
    this.hostname = hostname;
    this.reader =
        Thread.ofPlatform()
            .name("celeriac-launcher-" + process.pid())
            .daemon(true)
            .start(this::readOutput);
  }

  private void readOutput() {
    try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8);
        BufferedWriter file =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = in.readLine()) != null) {
        file.write(line);
        file.newLine();
        file.flush(); // output() reads the file: each line is there as soon as it is printed
        if (echo != null) {
          synchronized (echo) {
            echo.println(line);
            echo.flush();
          }
        }
        if (isReadyLine(line)) {
          ready.complete(true);
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the process is killed; what it printed is in the file.
    } finally {
      ready.complete(false); // no effect once ready
    }
  }

  private boolean isReadyLine(String line) {
    return hostname == null ? line.endsWith(" ready.") : line.equals(hostname + " ready.");
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** The command line it was started with. */
  public List<String> command() {
    return command;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file its output goes to. */
  public Path log() {
    return log;
  }

  /**
   * Everything it printed so far (standard output and error), or "" once the log is deleted. After
   * {@link #awaitExit}, {@link #stop(Duration)} or a failed wait for ready, this is all of it.
   */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits up to {@link #READY_TIMEOUT} until it is ready; see {@link #awaitReady(Duration)}. */
  public LaunchedWorker awaitReady() {
    return awaitReady(READY_TIMEOUT);
  }

  /**
   * Waits until it says it is ready, i.e. consumes its queues.
   *
   * @throws CeleriacException when it exits first or is not ready in time, with its output
   */
  public LaunchedWorker awaitReady(Duration timeout) {
    if (!awaitReadyOrExit(timeout)) {
      throw new CeleriacException(
          "The worker process exited"
              + exitCode()
              + " before it was ready; its output:\n"
              + output());
    }
    return this;
  }

  /**
   * Waits until it is ready (true) or its output ends because it exited (false): for drills whose
   * task may end the worker as soon as it starts consuming.
   *
   * @throws CeleriacException when neither happens in time, with its output
   */
  public boolean awaitReadyOrExit(Duration timeout) {
    try {
      return ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new CeleriacException(
          "The worker process was not ready within " + timeout + "; its output:\n" + output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CeleriacException("Interrupted while waiting for a worker process", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // never completed exceptionally
    }
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? " with code " + process.exitValue() : "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Sends SIGTERM: a warm shutdown, which finishes running tasks and hands back the rest. */
  public void stop() {
    // Through the handle: Process.destroy() also closes this side of the pipes, and what the
    // worker prints while it shuts down would be lost.
    process.toHandle().destroy();
  }

  /**
   * Sends SIGTERM and waits for the exit; kills it when it is still running after {@code timeout}.
   *
   * @return the exit code (137 after a kill)
   */
  public int stop(Duration timeout) {
    stop();
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill();
      }
      int code = process.waitFor();
      awaitOutput();
      return code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new CeleriacException("Interrupted while stopping a worker process", e);
    }
  }

  /** Sends SIGKILL: the process ends at once, its unacknowledged messages go back to the queue. */
  public void kill() {
    process.toHandle().destroyForcibly(); // keeps the pipe open to read what was printed
  }

  /**
   * Waits for it to exit.
   *
   * @return the exit code
   * @throws CeleriacException when it is still running after {@code timeout}, with its output
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new CeleriacException(
          "The worker process did not exit within " + timeout + "; its output:\n" + output());
    }
    awaitOutput();
    return process.exitValue();
  }

  /**
   * Waits until the reader has copied the last of the output: the process may have exited with
   * lines still in the pipe. Bounded, in case a child process of its own holds the pipe open.
   */
  private void awaitOutput() throws InterruptedException {
    reader.join(OUTPUT_DRAIN);
  }

  /**
   * Kills it if still running, waits for it and its output, and deletes the log if the launcher
   * made it. For a warm shutdown call {@link #stop(Duration)} first.
   */
  @Override
  public void close() {
    kill();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
      awaitOutput();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (temporaryLog) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a temporary file; the system cleans it up
      }
    }
  }
}
