package dev.celeriac.examples;

import dev.celeriac.Task;
import java.util.List;

/**
 * The tasks of {@code celeriac bench}: SCOOP's {@code mySum} experiment and a CPU-bound prime
 * count.
 *
 * <pre>{@code
 * long total = app.futures().mapReduce(app.task(BenchTasks::mySum), Long::sum, inputs);
 * }</pre>
 */
public final class BenchTasks {

  private BenchTasks() {}

  /** SCOOP's {@code mySum}: sleeps 10 ms (standing in for I/O), then sums. */
  @Task(name = "bench.my_sum")
  public static long mySum(List<Long> values) throws InterruptedException {
    Thread.sleep(10);
    long total = 0;
    for (long v : values) {
      total += v;
    }
    return total;
  }

  /** Addition, the reduction; workers use it as the combiner of a chunk. */
  @Task(name = "bench.add")
  public static long add(long x, long y) {
    return x + y;
  }

  /** Sleeps: a task that waits, for memory measurements with many tasks in flight. */
  @Task(name = "bench.sleep")
  public static long sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  /** How many primes lie in {@code [range[0], range[1])}, by trial division: pure CPU work. */
  @Task(name = "bench.count_primes")
  public static long countPrimes(List<Long> range) {
    long from = range.get(0);
    long to = range.get(1);
    long count = 0;
    for (long n = Math.max(2, from); n < to; n++) {
      if (isPrime(n)) {
        count++;
      }
    }
    return count;
  }

  static boolean isPrime(long n) {
    if (n < 4) {
      return n >= 2;
    }
    if (n % 2 == 0) {
      return false;
    }
    for (long d = 3; d * d <= n; d += 2) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }
}
