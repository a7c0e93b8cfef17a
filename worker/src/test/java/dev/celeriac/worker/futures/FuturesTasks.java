package dev.celeriac.worker.futures;

import dev.celeriac.Task;
import dev.celeriac.TaskContext;
import dev.celeriac.client.futures.Futures;
import dev.celeriac.client.futures.MapOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Tasks for the futures tests. */
public final class FuturesTasks {

  /** Ids passed to {@link #mark} that ran, across the tests of one JVM. */
  public static final Set<String> MARKED = ConcurrentHashMap.newKeySet();

  private FuturesTasks() {}

  /** The workers (host names) that ran {@link #sum}, across the tests of one JVM. */
  public static final Set<String> SUMMED_ON = ConcurrentHashMap.newKeySet();

  /** SCOOP's mySum: sleeps 10 ms, then sums; records which worker ran it. */
  @Task(name = "it.futures.sum")
  public static long sum(List<Long> values) throws InterruptedException {
    SUMMED_ON.add(TaskContext.current().hostname());
    Thread.sleep(10);
    long total = 0;
    for (long v : values) {
      total += v;
    }
    return total;
  }

  @Task(name = "it.futures.add")
  public static long add(long x, long y) {
    return x + y;
  }

  @Task(name = "it.futures.square")
  public static long square(long x) {
    return x * x;
  }

  @Task(name = "it.futures.fail_on_13")
  public static long failOn13(long x) {
    if (x == 13) {
      throw new IllegalArgumentException("13 is unlucky");
    }
    return x;
  }

  /** Sums the squares of its input with a nested mapReduce on the same workers. */
  @Task(name = "it.futures.sum_of_squares")
  public static long sumOfSquares(List<Long> values) {
    Futures futures = Futures.inTask();
    return futures.mapReduce(
        futures.app().task("it.futures.square", Long.class),
        Long::sum,
        values,
        MapOptions.builder().timeout(Duration.ofSeconds(60)).build());
  }

  @Task(name = "it.futures.sleep")
  public static String sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return "slept";
  }

  @Task(name = "it.futures.mark")
  public static String mark(String id) {
    MARKED.add(id);
    return id;
  }
}
