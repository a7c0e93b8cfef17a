package dev.celeriac.worker.pipeline;

import dev.celeriac.Reject;
import dev.celeriac.Retry;
import dev.celeriac.Task;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tasks the pipeline tests run in memory. */
public final class PipelineTasks {

  private PipelineTasks() {}

  @Task(name = "p.add")
  public static int add(int x, int y) {
    return x + y;
  }

  @Task(name = "p.fail")
  public static int fail(String message) {
    throw new IllegalStateException(message);
  }

  @Task(name = "p.reject")
  public static int reject(String reason) {
    throw new Reject(reason);
  }

  @Task(name = "p.retry", maxRetries = 3)
  public static int retry() {
    throw new Retry(Duration.ofSeconds(10), new IllegalStateException("not yet"));
  }

  @Task(name = "p.early", acksLate = false)
  public static String early() {
    return "ran";
  }

  @Task(name = "p.thread")
  public static String thread() {
    return Thread.currentThread().getName();
  }

  @Task(name = "p.quiet", ignoreResult = true)
  public static int quiet() {
    return 1;
  }

  /** Opens when a test lets {@code p.block} return. */
  public static volatile CountDownLatch gate = new CountDownLatch(1);

  /** Counted down when a {@code p.block} body started. */
  public static volatile CountDownLatch blocking = new CountDownLatch(1);

  @Task(name = "p.block")
  public static String block() throws InterruptedException {
    blocking.countDown();
    if (!gate.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("gate never opened");
    }
    return "unblocked";
  }

  /** Lets {@code p.stuck} return. */
  public static volatile boolean releaseStuck;

  /** The thread {@code p.stuck} ran on. */
  public static volatile Thread stuckThread;

  /** Ignores interrupts until released: only its hard time limit gets rid of it. */
  @Task(name = "p.stuck", timeLimit = "300ms")
  public static String stuck() {
    stuckThread = Thread.currentThread();
    while (!releaseStuck) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException ignored) {
        // deliberately stubborn
      }
    }
    return "released";
  }
}
