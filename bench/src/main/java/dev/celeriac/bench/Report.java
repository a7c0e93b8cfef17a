package dev.celeriac.bench;

import dev.celeriac.cli.launcher.JvmOptions;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/** The measured figures, the targets, and the markdown that shows them; all of it generated. */
final class Report {

  /** The load average (1/5/15 min) before and after one round. */
  record Load(int round, String before, String after) {
    double peak() {
      return Math.max(first(before), first(after));
    }

    private static double first(String load) {
      try {
        return Double.parseDouble(load.split(" ")[0]);
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }
  }

  final boolean smoke;
  final int rounds;
  final Harness.Sizes sizes;
  final String redis;
  final String postgres;
  final Samples samples = new Samples();
  final List<Load> loads = new ArrayList<>();
  String celeryVersion = "not measured";
  String brokerVersion;
  ZonedDateTime started;
  int cores;
  double minutes;
  Set<String> sections = Harness.SECTIONS;

  Report(boolean smoke, int rounds, Harness.Sizes sizes, String redis, String postgres) {
    this.smoke = smoke;
    this.rounds = rounds;
    this.sizes = sizes;
    this.redis = redis;
    this.postgres = postgres;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String mark(List<Double> ratios, boolean higherIsBetter, double target) {
    if (ratios.isEmpty()) {
      return "not measured";
    }
    double m = Stats.median(ratios);
    return (higherIsBetter ? m >= target : m <= target) ? "met" : "**missed**";
  }

  private List<Double> per(IntToDoubleFunction f) {
    return samples.perRound(f);
  }

  private double at(int round, String name) {
    return samples.at(round, name);
  }

  /** Celery's fastest pool in {@code round} for a figure in seconds ({@code celery.<pool>.x}). */
  private double celeryBest(int round, String figure) {
    return Math.min(
        nanToMax(at(round, "celery.threads-50." + figure)),
        nanToMax(at(round, "celery.prefork-2." + figure)));
  }

  private static double nanToMax(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private String rate(String seconds) {
    return rate(seconds, sizes.n());
  }

  private String rate(String seconds, int tasks) {
    return Samples.show(per(r -> tasks / at(r, seconds)), "%.0f");
  }

  /** The worker's CPU time per task, which a busy machine hardly moves, as a cell suffix. */
  private String cpu(String key) {
    return samples.has(key) ? "; worker CPU " + samples.show(key, "%.3f") + " ms per task" : "";
  }

  private String celeryPools(String figure, boolean rate) {
    StringBuilder s = new StringBuilder();
    for (String pool : List.of("threads-50", "prefork-2")) {
      String key = "celery." + pool + "." + figure;
      if (samples.has(key)) {
        s.append("; Celery ")
            .append(pool)
            .append(": ")
            .append(
                rate
                    ? rate(key) + " tasks/s"
                    : Samples.show(samples.values(key), figure.equals("scoop") ? "%.3f" : "%.2f")
                        + (figure.equals("scoop") ? " s" : " ms"));
      }
    }
    return s.toString();
  }

  String table() {
    String x = "%.1f×";
    StringBuilder t = new StringBuilder();
    t.append("| workload | Celeriac | baselines | target | result |\n");
    t.append("|---|---|---|---|---|\n");
    double sequential = samples.median("scoop.sequential");
    if (samples.has("scoop")) {
      List<Double> speedup = per(r -> sequential / at(r, "scoop"));
      List<Double> vsCelery = per(r -> celeryBest(r, "scoop") / at(r, "scoop"));
      t.append(
          f(
              "| SCOOP workload wall time (%d × mySum, 4 worker processes) | %s s | sequential %.3f"
                  + " s%s | ≥ 100× sequential; ≥ 10× Celery's best pool | %s (%s); %s (%s) |\n",
              sizes.scoopItems(),
              samples.show("scoop", "%.3f"),
              sequential,
              celeryPools("scoop", false),
              mark(speedup, true, 100),
              Samples.show(speedup, "%.0f×"),
              mark(vsCelery, true, 10),
              Samples.show(vsCelery, x)));
      t.append(
          f(
              "| SCOOP workload, chunks of 1 (`bench scoop --chunk-size 1`, 2 worker processes,"
                  + " default slots) | %s s | - | ≤ 0.25 s | %s |\n",
              samples.show("scoop.chunk1", "%.3f"),
              mark(samples.values("scoop.chunk1"), false, 0.25)));
    }
    if (samples.has("primes.two")) {
      List<Double> scale = per(r -> at(r, "primes.one") / at(r, "primes.two"));
      t.append(
          f(
              "| CPU-bound: primes by trial division, 64 tasks (`bench primes`) | 2 worker processes"
                  + " %s s | 1 worker process %s s | ≥ 1.8× one process | %s (%s) |\n",
              samples.show("primes.two", "%.3f"),
              samples.show("primes.one", "%.3f"),
              mark(scale, true, 1.8),
              Samples.show(scale, "%.2f×")));
    }
    if (samples.has("add")) {
      List<Double> vsCelery = per(r -> celeryBest(r, "add") / at(r, "add"));
      List<Double> vsRaw = per(r -> 100 * at(r, "raw.rr") / at(r, "add"));
      t.append(
          f(
              "| throughput, %d trivial add tasks, results collected (rpc://) | %s tasks/s%s | raw"
                  + " amqp-client request/reply %s/s%s | ≥ 10× Celery's best pool; ≥ 50 %% of raw |"
                  + " %s (%s); %s (%s) |\n",
              sizes.n(),
              rate("add"),
              cpu("add.cpu"),
              rate("raw.rr"),
              celeryPools("add", true),
              mark(vsCelery, true, 10),
              Samples.show(vsCelery, x),
              mark(vsRaw, true, 50),
              Samples.show(vsRaw, "%.0f %%")));
      List<Double> ignoreVsRaw = per(r -> 100 * at(r, "raw.pc") / at(r, "ignore"));
      t.append(
          f(
              "| throughput, %d tasks with ignore_result | %s tasks/s%s | raw persistent"
                  + " publish+consume (confirms, acks) %s/s%s | ≥ 60 %% of raw | %s (%s) |\n",
              sizes.n(),
              rate("ignore"),
              cpu("ignore.cpu"),
              rate("raw.pc"),
              celeryPools("ignore", true),
              mark(ignoreVsRaw, true, 60),
              Samples.show(ignoreVsRaw, "%.0f %%")));
      latencyRow(
          t,
          "",
          "rpc://",
          List.of(
              new String[] {"Celery threads-50", "celery.threads-50."},
              new String[] {"Celery prefork-2", "celery.prefork-2."}));
    }
    durableRows(t, "redis.", "Redis", sizes.n());
    durableRows(t, "postgres.", "PostgreSQL", sizes.celeryDbTasks());
    if (samples.has("mem.idle")) {
      List<Double> burst = per(r -> at(r, "mem.afterBurst") - at(r, "mem.idle"));
      List<Double> sleeping = per(r -> at(r, "mem.sleepLoaded") - at(r, "mem.sleepIdle"));
      t.append(
          f(
              "| worker RSS, idle (started with the defaults, read %d s after its first task) | %s MB | Celery threads pool idle: %s"
                  + " | ≤ 80 MB | %s |\n",
              CeleriacRuns.IDLE.toSeconds(),
              samples.show("mem.idle", "%.0f"),
              samples.has("celery.rss")
                  ? samples.show("celery.rss", "%.0f") + " MB"
                  : "not measured",
              mark(samples.values("mem.idle"), false, 80)));
      t.append(
          f(
              "| worker RSS %s s after a burst of %d adds with results, above idle | +%s MB | - |"
                  + " ≤ +40 MB | %s |\n",
              samples.show("mem.settledSeconds", "%.0f"),
              sizes.burst(),
              Samples.show(burst, "%.0f"),
              mark(burst, false, 40)));
      t.append(
          f(
              "| worker RSS with %d sleeping tasks in flight (a slot per task), above its idle %s MB"
                  + " | +%s MB | - | ≤ +100 MB | %s |\n",
              sizes.sleeping(),
              samples.show("mem.sleepIdle", "%.0f"),
              Samples.show(sleeping, "%.0f"),
              mark(sleeping, false, 100)));
    }
    return t.toString();
  }

  /**
   * Throughput and latency on a durable result backend ({@code name}, figures under {@code
   * prefix}), against raw amqp-client and Celery's threads pool on the same backend, whose rate is
   * taken over {@code celeryTasks} adds.
   */
  private void durableRows(StringBuilder t, String prefix, String name, int celeryTasks) {
    if (!samples.has(prefix + "add")) {
      return;
    }
    List<Double> vsCelery =
        per(
            r ->
                sizes.n()
                    * at(r, "celery." + prefix + "add")
                    / (celeryTasks * at(r, prefix + "add")));
    List<Double> vsRaw = per(r -> 100 * at(r, "raw.rr") / at(r, prefix + "add"));
    t.append(
        f(
            "| throughput, %d trivial add tasks, results collected (%s backend) | %s tasks/s%s |"
                + " raw amqp-client request/reply %s/s; Celery threads-50 with the same %s: %s"
                + " tasks/s%s | ≥ 10× Celery; ≥ 50 %% of raw | %s (%s); %s (%s) |\n",
            sizes.n(),
            name,
            rate(prefix + "add"),
            cpu(prefix + "add.cpu"),
            rate("raw.rr"),
            name,
            rate("celery." + prefix + "add", celeryTasks),
            celeryTasks == sizes.n() ? "" : f(" (%d tasks)", celeryTasks),
            mark(vsCelery, true, 10),
            Samples.show(vsCelery, "%.1f×"),
            mark(vsRaw, true, 50),
            Samples.show(vsRaw, "%.0f %%")));
    latencyRow(
        t,
        prefix,
        name + " backend",
        List.<String[]>of(
            new String[] {"Celery threads-50 with the same " + name, "celery." + prefix}));
  }

  /** p50 and p99 of each baseline: {@code name -> key prefix}, keys {@code <prefix>p50/p99}. */
  private String latencies(List<String[]> baselines) {
    StringBuilder s = new StringBuilder();
    for (String[] b : baselines) {
      if (samples.has(b[1] + "p50")) {
        s.append(s.isEmpty() ? "" : "; ")
            .append(b[0])
            .append(" p50 ")
            .append(samples.show(b[1] + "p50", "%.2f"))
            .append(" ms, p99 ")
            .append(samples.show(b[1] + "p99", "%.2f"))
            .append(" ms");
      }
    }
    return s.toString();
  }

  private void latencyRow(StringBuilder t, String prefix, String backend, List<String[]> others) {
    List<Double> vsRaw = per(r -> at(r, prefix + "p50") / at(r, "raw.p50"));
    List<String[]> baselines = new ArrayList<>();
    baselines.add(new String[] {"raw round trip", "raw."});
    baselines.addAll(others);
    t.append(
        f(
            "| latency of sequential delay().get() (%s, %d calls) | p50 %s ms, p99 %s ms | %s |"
                + " p50 ≤ 1.5× raw; p99 ≤ 3 ms | %s (%s); %s |\n",
            backend,
            sizes.latencyCalls(),
            samples.show(prefix + "p50", "%.2f"),
            samples.show(prefix + "p99", "%.2f"),
            latencies(baselines),
            mark(vsRaw, false, 1.5),
            Samples.show(vsRaw, "%.2f×"),
            mark(samples.values(prefix + "p99"), false, 3.0)));
  }

  /** Whether the 1-minute load average exceeded the core count around any round. */
  boolean busy() {
    return loads.stream().anyMatch(l -> l.peak() > cores);
  }

  String loadSummary() {
    StringBuilder s = new StringBuilder();
    s.append("| round | load average before (1/5/15 min) | after | busy (1-min load > ")
        .append(cores)
        .append(" cores) |\n|---|---|---|---|\n");
    for (Load l : loads) {
      s.append(
          f(
              "| %d | %s | %s | %s |%n",
              l.round(), l.before(), l.after(), l.peak() > cores ? "**yes**" : "no"));
    }
    s.append(
        busy()
            ? "\nThe machine was busy (load above its core count) during at least one round: other"
                + " processes competed for the CPU, so times are longer and spreads wider than on an"
                + " idle machine. Memory figures are the least affected.\n"
            : "\nThe load stayed at or below the core count in every round.\n");
    return s.toString();
  }

  String markdown() {
    String extra = System.getenv().getOrDefault(JvmOptions.ENV, "").strip();
    return "# Benchmarks\n\n"
        + "Generated by `scripts/bench.sh` (the `bench/` module) on "
        + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(started)
        + f(" in %.1f minutes; do not edit by hand.", minutes)
        + " Earlier runs are kept as generated in\n`docs/benchmarks/`.\n\n"
        + "Celeriac against Python Celery "
        + celeryVersion
        + " and raw amqp-client on one RabbitMQ. The whole table is measured "
        + rounds
        + " times, one\nround after another; each cell shows the median over the rounds and, in"
        + " brackets, the lowest and\nhighest. A ratio against a baseline is taken within each"
        + " round (both sides under the same load),\nthen its median. No JMH: every figure is a"
        + " whole-process run through the broker.\n\n"
        + "## Machine and load\n\n"
        + f("- CPU: %s; memory %s%n", Machine.cpu(), Machine.memory())
        + f("- Java %s; %s; Python Celery %s%n", Runtime.version(), brokerVersion, celeryVersion)
        + "- Workers' JVM options: the product's only (`jvm.options` in the cli module): `"
        + String.join(" ", JvmOptions.product())
        + "`"
        + (extra.isEmpty()
            ? "\n"
            : "; plus `" + JvmOptions.ENV + "=" + extra + "`: **not the product's figures**\n")
        + "\n"
        + loadSummary()
        + "\n## Results\n\n"
        + table()
        + "\n## Setups\n\n"
        + "- Celeriac workers are separate processes started as users start them (`WorkerLauncher`,"
        + " as\n  `bin/celeriac` does), with the JVM options above: for SCOOP, four with the default slots"
        + " (`celeriac bench\n  scoop --workers 4`, chunks combined on the workers, "
        + sizes.scoopWarmup()
        + " warm-up runs per round; the sequential map\n  is timed in the first round only: it is"
        + " sleeps) and two with the default slots for chunks of 1\n  ("
        + sizes.chunkOneWarmup()
        + " warm-up runs); `bench primes` starts its own; one worker with `--concurrency 50` per\n"
        + "  result backend for throughput and latency (unmeasured warm-up runs of the same"
        + " size until the worker's\n  CPU per run is within "
        + CeleriacRuns.SETTLED_PERCENT
        + " % of the run before and its JIT compiled at most "
        + CeleriacRuns.SETTLED_COMPILATIONS
        + " methods in it, at most "
        + CeleriacRuns.MAX_WARMUP_RUNS
        + " runs, then the measured run: a fresh\n  JVM spends its first tens of thousands of tasks"
        + " compiling its hot paths, and workers run for\n  hours; 20 unmeasured calls before the"
        + " latency calls); one with the defaults"
        + " for idle and after-burst\n  memory (its wait overlaps the round's other runs, which use"
        + " other queues and processes) and one\n  with a slot per sleeping task"
        + " (`--concurrency "
        + sizes.sleeping()
        + " --prefetch-multiplier 1`).\n"
        + "- Redis rows: Celeriac's worker and client with `--result-backend "
        + redis
        + "`, and Celery's threads\n  pool with the same URL as `result_backend`, in the same round.\n"
        + "- PostgreSQL rows: the same with `--result-backend "
        + postgres
        + "`, a database\n  of the benchmark's own (created when absent), its result tables emptied"
        + " before each run (Celery's\n  database backend deletes no row by itself). Celery reads"
        + " a result every "
        + CeleryRuns.POLL_INTERVAL
        + " s, Celeriac's first\n  poll interval (Celery's default is 0.5 s), as neither side is"
        + " told when a result is stored. Outside\n  a forked pool child (in the threads pool and"
        + " in the client) Celery's database backend opens a\n  connection for each query, which"
        + " makes its adds slow: it runs "
        + sizes.celeryDbTasks()
        + " of them, not "
        + sizes.n()
        + ", and its rate is\n  taken over those.\n"
        + "- Celery workers run `celery_bench.py` (bench module resources): `-P threads -c 50`"
        + (sizes.celeryPrefork() ? " and `-P prefork -c 2`" : "")
        + ",\n  rpc:// results unless stated, default prefetch; tasks sent from the same script."
        + " Celery's SCOOP run\n  is a group of mySum tasks summed when all are in; its adds are"
        + " one group joined with `get()`\n  (Celery's bulk path). Python has no JIT: no warm-up"
        + " run.\n"
        + "- rpc:// results on both sides are transient and read without acknowledgements (the"
        + " default, Celery's\n  `result_persistent` off).\n"
        + "- Raw amqp-client: persistent messages with pipelined publisher confirms, a consumer"
        + " with manual\n  acks and prefetch 64 replying to a reply queue; no task protocol, no"
        + " JSON; one warm-up run.\n"
        + "- ignore_result runs end when the queue is empty and one more task, sent after,"
        + " returned.\n\n"
        + "## Re-running\n\n"
        + "```\nscripts/bench.sh                  # this file and a dated copy in docs/benchmarks/\n"
        + "scripts/bench.sh --smoke          # small sizes, one round; checks the harness, writes"
        + " nothing\n"
        + "scripts/bench.sh --only memory    # some sections (scoop, primes, celeriac, redis,"
        + " postgres,\n                                  # raw, celery, memory); prints, writes"
        + " nothing\n"
        + "bin/celeriac bench scoop          # the SCOOP comparison alone\n"
        + "bin/celeriac bench primes         # CPU-bound scaling: 1 vs 2 worker processes\n```\n\n"
        + "`CELERIAC_JAVA_OPTS` adds JVM options to every celeriac process, the benchmark's worker\n"
        + "processes included (this file then says so above); a figure measured with extra options"
        + " is not\nthe product's figure.\n";
  }
}
