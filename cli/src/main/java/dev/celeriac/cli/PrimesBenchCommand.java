package dev.celeriac.cli;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskRef;
import dev.celeriac.client.futures.Futures;
import dev.celeriac.client.futures.MapOptions;
import dev.celeriac.client.spi.WorkerClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code celeriac bench primes}: CPU-bound scaling. Counts the primes below a limit by trial
 * division in segments, one task per segment, on one worker process and then on several (each with
 * one slot, like prefork children), and prints the speedup.
 */
@Command(
    name = "primes",
    mixinStandardHelpOptions = true,
    description =
        "CPU-bound scaling: count primes in segments on 1 worker process, then on --workers"
            + " processes (one slot each), and print the speedup.")
final class PrimesBenchCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;

  @Option(
      names = {"-w", "--workers"},
      description = "Worker processes of the scaled run (default: ${DEFAULT-VALUE}).")
  int workers = 2;

  @Option(
      names = "--limit",
      description = "Count the primes below this (default: ${DEFAULT-VALUE}).")
  long limit = 6_000_000;

  @Option(
      names = "--segments",
      description = "Tasks the range is split into (default: ${DEFAULT-VALUE}).")
  int segments = 64;

  @Option(
      names = "--runs",
      description = "Measured runs per setup; the median is printed (default: ${DEFAULT-VALUE}).")
  int runs = 3;

  @Mixin BenchWorkerOptions workerOptions;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LogSetup.apply("warning");
    PrintWriter out = spec.commandLine().getOut();
    List<List<Long>> ranges = new ArrayList<>();
    long step = (limit + segments - 1) / segments;
    for (long from = 0; from < limit; from += step) {
      ranges.add(List.of(from, Math.min(limit, from + step)));
    }
    out.printf(
        Locale.ROOT,
        "# primes below %d in %d tasks; 1 worker process vs %d, one slot each; median of %d runs"
            + " after one warm-up run; load %s%n",
        limit,
        ranges.size(),
        workers,
        runs,
        BenchCommand.load());
    out.flush();
    Measured one = measure(1, ranges);
    out.printf(Locale.ROOT, "1 worker process: %.3fs (%d primes)%n", one.seconds, one.primes);
    out.flush();
    Measured many = measure(workers, ranges);
    out.printf(
        Locale.ROOT,
        "%d worker processes: %.3fs (%d primes)%n",
        workers,
        many.seconds,
        many.primes);
    out.printf(Locale.ROOT, "speedup: %.2f×%n", one.seconds / many.seconds);
    out.flush();
    return one.primes == many.primes ? 0 : 1;
  }

  private record Measured(double seconds, long primes) {}

  private Measured measure(int count, List<List<Long>> ranges) throws Exception {
    String q = "celeriac.bench.primes-" + UUID.randomUUID();
    try (Celeriac app = broker.connect("celeriac-bench", q);
        BenchWorkers started =
            BenchWorkers.start(
                workerOptions.mode(),
                broker.settings(),
                broker.url,
                q,
                count,
                1,
                WorkerClient.of(app).connection())) {
      TaskRef<Long> countPrimes = app.task("bench.count_primes", Long.class);
      Futures futures = app.futures();
      MapOptions options = MapOptions.builder().timeout(Duration.ofMinutes(10)).build();
      ProgressBar bar =
          new ProgressBar(spec.commandLine().getErr(), count + " worker(s)", runs + 1);
      long warmUp = run(futures, countPrimes, ranges, options); // JIT in the workers
      bar.update(1);
      BenchCommand.Timed timed =
          BenchCommand.timed(
              runs, () -> run(futures, countPrimes, ranges, options), done -> bar.update(done + 1));
      bar.finish();
      started.close();
      BenchQueues.delete(app, q);
      return new Measured(timed.medianSeconds(), runs == 0 ? warmUp : timed.last());
    }
  }

  /** A mapReduce with one message per segment, summing the counts as they arrive. */
  private static long run(
      Futures futures, TaskRef<Long> task, List<List<Long>> ranges, MapOptions options) {
    return futures.mapReduce(task, Long::sum, ranges, options);
  }
}
