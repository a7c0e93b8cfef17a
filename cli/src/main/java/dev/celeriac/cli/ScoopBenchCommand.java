package dev.celeriac.cli;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskRef;
import dev.celeriac.client.futures.MapOptions;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.examples.BenchTasks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code celeriac bench scoop}: SCOOP's mapReduce example. {@code mySum(list)} sleeps 10 ms and
 * sums; the inputs are {@code [a] * a for a in range(1000)}; the reduction is addition; the result
 * is 332833500. Runs the distributed {@code mapReduce} on the workers and the sequential map in
 * this process, and prints both times and the speedup.
 */
@Command(
    name = "scoop",
    mixinStandardHelpOptions = true,
    description =
        "SCOOP's mapReduce experiment: mySum (sleep 10 ms, sum) over [a]*a for a < 1000, reduced by"
            + " addition, on worker processes versus a sequential map.")
final class ScoopBenchCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;

  @Option(
      names = {"-w", "--workers"},
      description =
          "Workers to start (default: one per CPU, as SCOOP starts them; here ${DEFAULT-VALUE}).")
  // More worker JVMs than cores only compete for them: on 2 cores, 4 workers measured 0.07-0.12 s
  // where 2 measured 0.057-0.063 s.
  int workers = Runtime.getRuntime().availableProcessors();

  @Mixin BenchWorkerOptions workerOptions;

  @Option(
      names = "--external",
      description = "Start no workers: use those already consuming --queue (e.g. on other hosts).")
  boolean external;

  @Option(
      names = {"-Q", "--queue"},
      description = "Queue to use (default: a new one, deleted afterwards).")
  String queue;

  @Option(names = "--slots", description = "Slots per started worker (default: ${DEFAULT-VALUE}).")
  // The task sleeps 10 ms, so slots, not cores, bound it: 25 on each of two workers is the 50
  // threads Celery's side runs. With chunks of 1 on 2 workers after 60 warm-up runs, 25 slots
  // measured 0.43 s and 50 slots 0.42 s.
  int concurrency = 25;

  @Option(
      names = "--items",
      description = "Inputs [a]*a for a < ITEMS (default: ${DEFAULT-VALUE}).")
  int items = 1000;

  @Option(
      names = "--chunk-size",
      description =
          "Items per message (default: items / (4 × workers), rounded up; 1 = no chunks).")
  Integer chunkSize;

  @Option(
      names = "--no-combiner",
      description = "Send every value back instead of folding each chunk on the worker.")
  boolean noCombiner;

  @Option(
      names = "--runs",
      description = "Measured mapReduce runs; the median is printed (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(
      names = "--warmup",
      description = "Unmeasured mapReduce runs first (default: ${DEFAULT-VALUE}).")
  int warmup = 50;

  @Option(names = "--skip-sequential", description = "Do not run the sequential map.")
  boolean skipSequential;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LogSetup.apply("warning");
    PrintWriter out = spec.commandLine().getOut();
    List<List<Long>> inputs = inputs(items);
    long expected = expected(items);
    int chunk =
        chunkSize != null ? chunkSize : Math.max(1, (items + 4 * workers - 1) / (4 * workers));
    String q = queue != null ? queue : "celeriac.bench.scoop-" + UUID.randomUUID();
    BenchWorkers.Mode mode = external ? BenchWorkers.Mode.EXTERNAL : workerOptions.mode();
    int workerCount = workers;
    double distributed;
    long result;
    try (Celeriac app = broker.connect("celeriac-bench", q);
        BenchWorkers started =
            BenchWorkers.start(
                mode,
                broker.settings(),
                broker.url,
                q,
                workerCount,
                concurrency,
                WorkerClient.of(app).connection())) {
      TaskRef<Long> mySum = app.task("bench.my_sum", Long.class);
      MapOptions options =
          MapOptions.builder()
              .chunkSize(chunk)
              .combiner(noCombiner || chunk == 1 ? null : "bench.add")
              .timeout(Duration.ofMinutes(5))
              .build();
      out.printf(
          Locale.ROOT,
          "# %d items, %s, %d %s × %d slots; median of %d runs after %d warm-up runs; load %s%n",
          items,
          chunk == 1
              ? "one message per item"
              : "chunks of "
                  + chunk
                  + (options.combiner() != null ? ", combined on the workers" : ""),
          workerCount,
          switch (mode) {
            case PROCESS -> "worker processes";
            case IN_PROCESS -> "in-process workers";
            case EXTERNAL -> "external workers";
          },
          concurrency,
          runs,
          warmup,
          BenchCommand.load());
      out.flush();
      for (int i = 0; i < warmup; i++) {
        app.futures().mapReduce(mySum, Long::sum, inputs, options);
      }
      BenchCommand.Timed timed =
          BenchCommand.timed(
              runs, () -> app.futures().mapReduce(mySum, Long::sum, inputs, options), done -> {});
      result = timed.last();
      distributed = timed.medianSeconds();
      if (queue == null && mode != BenchWorkers.Mode.EXTERNAL) {
        started.close();
        BenchQueues.delete(app, q);
      }
    }
    out.printf(
        Locale.ROOT,
        "mapReduce on %d workers executed in %.3fs with result: %d%n",
        workerCount,
        distributed,
        result);
    out.flush();
    boolean ok = result == expected;
    if (!skipSequential) {
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "sequential map", items);
      long start = System.nanoTime();
      long sequential = 0;
      for (int i = 0; i < inputs.size(); i++) {
        sequential += BenchTasks.mySum(inputs.get(i));
        bar.update(i + 1);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      bar.finish();
      out.printf(
          Locale.ROOT, "sequential map executed in: %.3fs with result: %d%n", seconds, sequential);
      out.printf(Locale.ROOT, "speedup: %.0f×%n", seconds / distributed);
      ok &= sequential == expected;
    }
    out.flush();
    if (!ok) {
      spec.commandLine().getErr().println("Error: expected " + expected);
      spec.commandLine().getErr().flush();
      return 1;
    }
    return 0;
  }

  static List<List<Long>> inputs(int n) {
    List<List<Long>> inputs = new ArrayList<>(n);
    for (long a = 0; a < n; a++) {
      inputs.add(Collections.nCopies((int) a, a));
    }
    return inputs;
  }

  /** sum(a * a for a in range(n)). */
  static long expected(int n) {
    long total = 0;
    for (long a = 0; a < n; a++) {
      total += a * a;
    }
    return total;
  }
}
