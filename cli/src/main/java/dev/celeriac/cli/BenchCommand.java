package dev.celeriac.cli;

import java.util.function.IntConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code celeriac bench}: reproducible benchmarks of the futures API on real workers. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks on real workers: 'bench scoop' (SCOOP's mapReduce), 'bench primes'.",
    subcommands = {ScoopBenchCommand.class, PrimesBenchCommand.class})
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing a benchmark: 'scoop' or 'primes'.");
  }

  /** The median wall time of some measured runs, and what the last run returned. */
  record Timed(double medianSeconds, long last) {}

  /**
   * Runs {@code body} {@code runs} times, timing each run; {@code afterEach} gets the number of
   * runs done, e.g. for a progress bar.
   */
  static Timed timed(int runs, java.util.function.LongSupplier body, IntConsumer afterEach) {
    java.util.List<Double> times = new java.util.ArrayList<>();
    long last = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      last = body.getAsLong();
      times.add((System.nanoTime() - start) / 1e9);
      afterEach.accept(i + 1);
    }
    return new Timed(median(times), last);
  }

  /** The median of {@code seconds}. */
  static double median(java.util.List<Double> seconds) {
    java.util.List<Double> sorted = seconds.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The 1-minute load average, for the record. */
  static String load() {
    double load =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", load);
  }
}
