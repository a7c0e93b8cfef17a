package dev.celeriac.worker;

import dev.celeriac.Task;

/** Tasks the worker tests run, in-process and in worker processes started from the CLI. */
public final class TestTasks {

  private TestTasks() {}

  public record Point(int x, int y) {}

  @Task(name = "it.add")
  public static int add(int x, int y) {
    return x + y;
  }

  /** Sleeps, then says which process ran it. */
  @Task(name = "it.pid")
  public static long pid(long sleepMillis) throws InterruptedException {
    Thread.sleep(sleepMillis);
    return ProcessHandle.current().pid();
  }

  @Task(name = "it.fail")
  public static int fail(String message) {
    throw new IllegalStateException(message);
  }

  @Task(name = "it.slow", trackStarted = true)
  public static String slow(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return "done";
  }

  @Task(name = "it.mirror")
  public static Point mirror(Point p) {
    return new Point(p.y(), p.x());
  }

  @Task(name = "it.mul")
  public static int mul(int x, int y) {
    return x * y;
  }

  /** Retries until it has been retried {@code n} times, then returns n. */
  @Task(name = "it.flaky", maxRetries = 5)
  public static int flaky(int n) {
    int retries = dev.celeriac.TaskContext.current().retries();
    if (retries < n) {
      throw new dev.celeriac.Retry(
          java.time.Duration.ofMillis(100), new IllegalStateException("try " + retries));
    }
    return n;
  }

  /** Always asks for a retry; fails after two. */
  @Task(name = "it.always_retry", maxRetries = 2)
  public static int alwaysRetry() {
    throw new dev.celeriac.Retry(
        java.time.Duration.ofMillis(50), new java.io.IOException("still down"));
  }

  /** What callbacks received, by the test's key (the first argument). */
  public static final java.util.Map<String, java.util.List<Object>> RECORDED =
      new java.util.concurrent.ConcurrentHashMap<>();

  @Task(name = "it.record")
  public static String record(Object value, String key) {
    RECORDED
        .computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(value);
    return key;
  }

  /** Fails with an IOException until retried twice; retried automatically with a 50 ms backoff. */
  @Task(
      name = "it.auto_retry",
      autoretryFor = java.io.IOException.class,
      retryBackoff = "50ms",
      retryJitter = false,
      maxRetries = 3)
  public static int autoRetry() throws java.io.IOException {
    int retries = dev.celeriac.TaskContext.current().retries();
    if (retries < 2) {
      throw new java.io.IOException("flaky " + retries);
    }
    return retries;
  }

  public static final java.util.Set<String> STARTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Sleeps; acknowledged before it runs. */
  @Task(name = "it.sleep_early", acksLate = false)
  public static String sleepEarly(long millis) throws InterruptedException {
    STARTED.add(dev.celeriac.TaskContext.current().id());
    Thread.sleep(millis);
    return "slept";
  }

  /** Sleeps; acknowledged after it finished (the default). */
  @Task(name = "it.sleep_late")
  public static String sleepLate(long millis) throws InterruptedException {
    STARTED.add(dev.celeriac.TaskContext.current().id());
    Thread.sleep(millis);
    return "slept";
  }

  /**
   * The exit status of a worker process {@link #crash} killed: one no JVM, signal or CLI error
   * gives (those are 0-2, 128+signal, 134), so a test can tell the task's kills from other deaths.
   */
  public static final int CRASH_EXIT_STATUS = 86;

  /** Kills the worker process it runs in: only for tests that run workers as processes. */
  @Task(name = "it.crash")
  public static int crash() {
    Runtime.getRuntime().halt(CRASH_EXIT_STATUS);
    return 0;
  }

  /** Sleeps past its soft limit; the interrupt ends it. */
  @Task(name = "it.soft_limited", softTimeLimit = "300ms")
  public static String softLimited() throws InterruptedException {
    Thread.sleep(10_000);
    return "not reached";
  }

  /** Catches the soft limit's interrupt and cleans up. */
  @Task(name = "it.soft_cleanup", softTimeLimit = "300ms")
  public static String softCleanup() {
    try {
      Thread.sleep(10_000);
      return "not reached";
    } catch (InterruptedException e) {
      return "cleaned up";
    }
  }

  public static volatile boolean releaseStuck;

  /** Ignores interrupts until released: only a hard limit gets rid of it. */
  @Task(name = "it.stuck", timeLimit = "1s")
  public static String stuck() {
    while (!releaseStuck) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException ignored) {
        // deliberately stubborn
      }
    }
    return "released";
  }

  @Task(name = "it.reject")
  public static int reject(int total) {
    if (total < 0) {
      throw new dev.celeriac.Reject("negative total " + total);
    }
    return total;
  }

  @Task(name = "it.echo")
  public static java.util.List<Object> echo(java.util.List<Object> values) {
    return values;
  }

  /** A task-specific exception with its own fields, like Python's CustomError(code, message). */
  public static final class OrderError extends RuntimeException {
    public OrderError(int code, String message) {
      super(code + ": " + message);
    }
  }

  @Task(name = "it.fail_custom")
  public static int failCustom(int code, String message) {
    throw new OrderError(code, message);
  }

  @Task(name = "it.quiet", ignoreResult = true)
  public static int quiet() {
    return 1;
  }
}
