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
}
