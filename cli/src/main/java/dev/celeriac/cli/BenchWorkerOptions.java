package dev.celeriac.cli;

import picocli.CommandLine.Option;

/** {@code --in-process}, shared by the benchmarks that start their own workers. */
final class BenchWorkerOptions {

  @Option(
      names = "--in-process",
      description = "Run the workers in this JVM instead of separate processes.")
  boolean inProcess;

  /** Where the workers this benchmark starts run. */
  BenchWorkers.Mode mode() {
    return inProcess ? BenchWorkers.Mode.IN_PROCESS : BenchWorkers.Mode.PROCESS;
  }
}
