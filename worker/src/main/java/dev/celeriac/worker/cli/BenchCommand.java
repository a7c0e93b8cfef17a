package dev.celeriac.worker.cli;

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
