package dev.celeriac.test;

import dev.celeriac.Reject;
import dev.celeriac.Retry;
import dev.celeriac.Task;
import dev.celeriac.TaskContext;
import dev.celeriac.client.futures.Futures;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks that exercise the corners of eager mode: context, retries, rejects, callbacks. */
public final class EdgeTasks {

  private EdgeTasks() {}

  public record Point(int x, int y) {}

  /** The last Point a task received, to tell a copy from the caller's own instance. */
  public static volatile Point received;

  /** What {@link #record} was called with, in order. */
  public static final List<Object> RECORDED = new CopyOnWriteArrayList<>();

  public static final AtomicInteger QUIET_RUNS = new AtomicInteger();

  @Task(name = "edge.mirror")
  public static Point mirror(Point p) {
    received = p;
    return new Point(p.y(), p.x());
  }

  @Task(name = "edge.greet")
  public static String greet(String name, String greeting) {
    return greeting + ", " + name;
  }

  @Task(name = "edge.thread")
  public static String thread() {
    return Thread.currentThread().getName();
  }

  @Task(name = "edge.context")
  public static String context() {
    return TaskContext.current().id();
  }

  /** Asks for a retry until it has been retried {@code n} times, then returns n. */
  @Task(name = "edge.flaky", maxRetries = 3)
  public static int flaky(int n) {
    int retries = TaskContext.current().retries();
    if (retries < n) {
      throw new Retry(Duration.ofSeconds(30), new IllegalStateException("try " + retries));
    }
    return n;
  }

  @Task(name = "edge.always_retry", maxRetries = 2)
  public static int alwaysRetry() {
    throw new Retry(Duration.ofSeconds(30), new IOException("still down"));
  }

  /** Retries once after 100 ms, then fails with the cause of its last run. */
  @Task(name = "edge.retry_fast", maxRetries = 1)
  public static int retryFast() {
    throw new Retry(
        Duration.ofMillis(100), new IOException("down " + TaskContext.current().retries()));
  }

  /** Fails with an IOException until retried twice; retried automatically. */
  @Task(name = "edge.auto_retry", autoretryFor = IOException.class, maxRetries = 3)
  public static int autoRetry() throws IOException {
    int retries = TaskContext.current().retries();
    if (retries < 2) {
      throw new IOException("flaky " + retries);
    }
    return retries;
  }

  @Task(name = "edge.reject")
  public static int reject(int total) {
    throw new Reject("negative total " + total);
  }

  @Task(name = "edge.record")
  public static Object record(Object value) {
    RECORDED.add(value);
    return value;
  }

  /** Sleeps far past its soft time limit, unless interrupted. */
  @Task(name = "edge.sleepy", softTimeLimit = "200ms")
  public static String sleepy() throws InterruptedException {
    Thread.sleep(Duration.ofMinutes(1));
    return "woke up";
  }

  /** Calls math.add through the app it runs in, as a task may, and waits for the sum. */
  @Task(name = "edge.add_through_subtask")
  public static int addThroughSubtask(int x, int y) {
    return Futures.inTask().app().task(MathTasks::add).delay(x, y).get(Duration.ofSeconds(5));
  }

  @Task(name = "edge.square")
  public static int square(int x) {
    return x * x;
  }

  @Task(name = "edge.quiet", ignoreResult = true)
  public static int quiet() {
    return QUIET_RUNS.incrementAndGet();
  }

  /** An object that refers to itself cannot be written as JSON. */
  public static final class Loop {
    public Loop self = this;
  }

  @Task(name = "edge.loop")
  public static Loop loop() {
    return new Loop();
  }
}
