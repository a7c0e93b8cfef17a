package dev.celeriac.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.cli.LogSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Measures Celeriac against Python Celery (prefork and threads pools, rpc://, Redis and PostgreSQL
 * results) and raw amqp-client on one RabbitMQ. The whole table is measured {@code --rounds} times
 * (default 3); the report shows each figure's median and spread, and the load average around each
 * round. A full run writes {@code docs/benchmarks.md} and a dated copy under {@code
 * docs/benchmarks/}; no part of either is written by hand.
 *
 * <pre>
 * scripts/bench.sh                  # full run (about 30 minutes), writes docs/benchmarks.md
 * scripts/bench.sh --smoke          # about a minute: checks the harness works, writes nothing
 * scripts/bench.sh --only memory    # some sections only (scoop, primes, celeriac, redis,
 *                                   # postgres, raw, celery, memory), printed, writes nothing
 * scripts/bench.sh --only memory --settle-seconds 20   # a shorter wait after the burst
 * </pre>
 */
public final class Harness {

  static final Set<String> SECTIONS =
      Set.of("scoop", "primes", "celeriac", "redis", "postgres", "raw", "celery", "memory");

  private Harness() {}

  public static void main(String[] args) throws Exception {
    // The harness is a client of its own: without this, Logback's default configuration prints
    // every library's DEBUG lines among the results.
    LogSetup.apply("warning");
    boolean smoke = List.of(args).contains("--smoke");
    String url = option(args, "--broker", "amqp://guest:guest@127.0.0.1:5672//");
    String redis = option(args, "--redis", "redis://127.0.0.1:6379/11");
    String postgres =
        option(args, "--postgres", "db+postgresql://postgres@127.0.0.1:5432/celeriac_bench");
    int rounds = Integer.parseInt(option(args, "--rounds", smoke ? "1" : "3"));
    String only = option(args, "--only", "");
    Set<String> sections = only.isEmpty() ? SECTIONS : Set.of(only.split(","));
    boolean full = !smoke && only.isEmpty();
    Path out = Path.of(option(args, "--out", full ? "docs/benchmarks.md" : ""));
    Sizes sizes = smoke ? Sizes.SMOKE : Sizes.FULL;
    String settle = option(args, "--settle-seconds", "");
    if (!settle.isEmpty()) { // shorter A/B runs of the memory section
      sizes = sizes.settling(Duration.ofSeconds(Long.parseLong(settle)));
    }

    BenchDatabase database = sections.contains("postgres") ? BenchDatabase.prepare(postgres) : null;
    Report report =
        new Report(smoke, rounds, sizes, redis, database == null ? postgres : database.maskedUrl());
    ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    report.started = started;
    report.cores = Runtime.getRuntime().availableProcessors();
    CeleriacRuns celeriac = new CeleriacRuns(url);
    boolean celery = sections.contains("celery") && CeleryRuns.available();
    if (sections.contains("celery") && !celery) {
      log("Python Celery not found at " + CeleryRuns.PYTHON + "; Celery columns stay empty");
    }
    CeleryRuns celeryRuns = celery ? new CeleryRuns(url) : null;
    report.celeryVersion = celery ? CeleryRuns.version() : "not measured";
    long t0 = System.nanoTime();
    for (int round = 1; round <= rounds; round++) {
      Round r = new Round(round, report.samples, sizes, log -> log("round " + log));
      String loadBefore = Machine.load();
      log("round " + round + " of " + rounds + ", load before: " + loadBefore);
      CeleriacRuns.MemoryProbe probe = null;
      if (sections.contains("memory")) {
        probe = celeriac.new MemoryProbe();
        r.add("mem.idle", probe.idleMb());
        probe.burst(sizes.burst(), sizes.settle());
        log("memory: idle " + Math.round(probe.idleMb()) + " MB; burst sent, waiting");
      }
      try {
        if (sections.contains("scoop")) {
          r.scoop(celeriac);
        }
        if (sections.contains("primes")) {
          r.primes(celeriac);
        }
        if (sections.contains("celeriac")) {
          r.celeriac(celeriac, null, "", () -> {});
        }
        if (sections.contains("redis")) {
          r.celeriac(celeriac, redis, "redis.", () -> {});
        }
        if (database != null) {
          r.celeriac(celeriac, postgres, "postgres.", database::clear);
        }
        if (sections.contains("raw")) {
          r.raw(new RawAmqp(url));
        }
        if (celery) {
          r.celery(celeryRuns, sections.contains("redis") ? redis : null, postgres, database);
        }
        if (probe != null) {
          double[] after = probe.afterBurst();
          r.add("mem.afterBurst", after[0]);
          r.add("mem.settledSeconds", after[1]);
          log(
              String.format(
                  Locale.ROOT, "memory: %.0f MB %.0f s after the burst", after[0], after[1]));
        }
      } finally {
        if (probe != null) {
          probe.close();
        }
      }
      if (sections.contains("memory")) {
        double[] sleeping = celeriac.sleeping(sizes.sleeping());
        r.add("mem.sleepIdle", sleeping[0]);
        r.add("mem.sleepLoaded", sleeping[1]);
        log(
            String.format(
                Locale.ROOT,
                "memory: %.0f MB idle, %.0f MB with %d sleeping tasks",
                sleeping[0],
                sleeping[1],
                sizes.sleeping()));
      }
      String loadAfter = Machine.load();
      report.loads.add(new Report.Load(round, loadBefore, loadAfter));
      log("round " + round + " done, load after: " + loadAfter);
    }
    report.minutes = (System.nanoTime() - t0) / 60e9;
    report.brokerVersion = Machine.rabbitVersion(url);
    report.sections = sections;
    System.out.println(report.table());
    System.out.println(report.loadSummary());
    if (smoke) {
      log(
          "smoke run: the sizes are too small for met/missed to mean anything; it checks the"
              + " harness works");
    }
    if (!out.toString().isEmpty()) {
      String markdown = report.markdown();
      Files.writeString(out, markdown);
      Path history =
          out.resolveSibling("benchmarks")
              .resolve(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'").format(started) + ".md");
      Files.createDirectories(history.getParent());
      Files.writeString(history, markdown);
      log("wrote " + out + " and " + history);
    }
  }

  /**
   * Workload sizes: the full run's, or the smoke run's (seconds, checks the harness works).
   * Celery's adds on the PostgreSQL backend are fewer ({@code celeryDbTasks}): in a threads pool it
   * opens a database connection for each stored and each read result, a few tens of tasks a second
   * on two cores, so {@code n} of them would add many minutes to every round.
   */
  record Sizes(
      int n,
      int latencyCalls,
      int scoopItems,
      int scoopWarmup,
      int chunkOneWarmup,
      int burst,
      Duration settle,
      int sleeping,
      boolean celeryPrefork,
      int celeryDbTasks) {
    // 40 warm-up runs for chunks of 1: fresh workers run 40,000 sleeps before they are measured,
    // as the throughput rows warm theirs up.
    static final Sizes FULL =
        new Sizes(10_000, 1000, 1000, 50, 40, 5000, Duration.ofSeconds(60), 10_000, true, 1000);

    Sizes settling(Duration wait) {
      return new Sizes(
          n,
          latencyCalls,
          scoopItems,
          scoopWarmup,
          chunkOneWarmup,
          burst,
          wait,
          sleeping,
          celeryPrefork,
          celeryDbTasks);
    }

    static final Sizes SMOKE =
        new Sizes(200, 50, 100, 1, 0, 200, Duration.ofSeconds(2), 500, false, 50);
  }

  /** One round: every figure measured once, recorded under its round. */
  private record Round(
      int number, Samples samples, Sizes sizes, java.util.function.Consumer<String> log) {

    void add(String name, double value) {
      samples.add(number, name, value);
    }

    void scoop(CeleriacRuns celeriac) {
      log.accept(number + ": Celeriac SCOOP workload, 4 workers");
      List<String> args =
          new ArrayList<>(
              List.of(
                  // Four, as the earlier recorded runs; the command's own default is one per CPU.
                  "--workers",
                  "4",
                  "--items",
                  Integer.toString(sizes.scoopItems()),
                  "--runs",
                  "1",
                  "--warmup",
                  Integer.toString(sizes.scoopWarmup())));
      if (number > 1) {
        args.add("--skip-sequential"); // sleeps: the same in every round
      }
      String scoop = celeriac.scoop(args);
      add("scoop", CeleriacRuns.seconds(scoop, "mapReduce on \\d+ workers executed in ([0-9.]+)s"));
      if (number == 1) {
        add(
            "scoop.sequential",
            CeleriacRuns.seconds(scoop, "sequential map executed in: ([0-9.]+)s"));
      }
      log.accept(number + ": " + scoop.strip().replace('\n', ' '));
      log.accept(number + ": Celeriac SCOOP, chunks of 1, 2 workers, default slots");
      String one =
          celeriac.scoop(
              List.of(
                  "--workers",
                  "2",
                  "--chunk-size",
                  "1",
                  "--items",
                  Integer.toString(sizes.scoopItems()),
                  "--runs",
                  "1",
                  "--warmup",
                  Integer.toString(sizes.chunkOneWarmup()),
                  "--skip-sequential"));
      add(
          "scoop.chunk1",
          CeleriacRuns.seconds(one, "mapReduce on \\d+ workers executed in ([0-9.]+)s"));
      log.accept(number + ": " + one.strip().replace('\n', ' '));
    }

    void primes(CeleriacRuns celeriac) {
      log.accept(number + ": Celeriac CPU-bound primes, 1 vs 2 worker processes");
      String primes =
          celeriac.bench(
              "primes",
              sizes.n() == Sizes.SMOKE.n()
                  ? List.of("--limit", "200000", "--runs", "1")
                  : List.of("--runs", "1"));
      add("primes.one", CeleriacRuns.seconds(primes, "1 worker process: ([0-9.]+)s"));
      add("primes.two", CeleriacRuns.seconds(primes, "2 worker processes: ([0-9.]+)s"));
      log.accept(number + ": " + primes.strip().replace('\n', ' '));
    }

    void celeriac(CeleriacRuns celeriac, String backend, String prefix, Runnable beforeRun)
        throws Exception {
      log.accept(
          number
              + ": Celeriac throughput and latency, results in "
              + (backend == null ? "rpc://" : backend));
      CeleriacRuns.Throughput t =
          celeriac.throughput(sizes.n(), sizes.latencyCalls(), backend, beforeRun);
      add(prefix + "add", t.addSeconds());
      if (!Double.isNaN(t.ignoreSeconds())) {
        add(prefix + "ignore", t.ignoreSeconds());
      }
      add(prefix + "add.cpu", 1000 * t.addWorkerCpu() / sizes.n());
      if (!Double.isNaN(t.ignoreWorkerCpu())) {
        add(prefix + "ignore.cpu", 1000 * t.ignoreWorkerCpu() / sizes.n());
      }
      add(prefix + "p50", Stats.percentile(t.latencies(), 0.5) * 1000);
      add(prefix + "p99", Stats.percentile(t.latencies(), 0.99) * 1000);
      log.accept(
          String.format(
              Locale.ROOT,
              "%d: add %.3f s (worker CPU %.2f s), ignore_result %.3f s (worker CPU %.2f s),"
                  + " latency p50 %.2f ms, p99 %.2f ms",
              number,
              t.addSeconds(),
              t.addWorkerCpu(),
              t.ignoreSeconds(),
              t.ignoreWorkerCpu(),
              Stats.percentile(t.latencies(), 0.5) * 1000,
              Stats.percentile(t.latencies(), 0.99) * 1000));
    }

    void raw(RawAmqp raw) throws Exception {
      log.accept(number + ": raw amqp-client baselines");
      raw.requestReply(sizes.n()); // warm-up
      raw.publishConsume(sizes.n());
      add("raw.rr", raw.requestReply(sizes.n()));
      add("raw.pc", raw.publishConsume(sizes.n()));
      List<Double> rt = raw.roundTrips(sizes.latencyCalls());
      add("raw.p50", Stats.percentile(rt, 0.5) * 1000);
      add("raw.p99", Stats.percentile(rt, 0.99) * 1000);
    }

    /**
     * Celery's pools on rpc://, then its threads pool on the Redis ({@code redis}, unless null) and
     * PostgreSQL ({@code postgres}, unless {@code database} is null) backends.
     */
    void celery(CeleryRuns celery, String redis, String postgres, BenchDatabase database)
        throws Exception {
      List<String[]> pools = new ArrayList<>();
      pools.add(new String[] {"threads", "50"});
      if (sizes.celeryPrefork()) {
        pools.add(new String[] {"prefork", "2"});
      }
      for (String[] pool : pools) {
        String name = pool[0] + "-" + pool[1];
        int c = Integer.parseInt(pool[1]);
        log.accept(number + ": Celery " + name);
        add(
            "celery." + name + ".scoop",
            time(celery.run(pool[0], c, "scoop", sizes.scoopItems(), 1)));
        add("celery." + name + ".add", time(celery.run(pool[0], c, "add", sizes.n(), 1)));
        add("celery." + name + ".ignore", time(celery.run(pool[0], c, "ignore", sizes.n(), 1)));
        JsonNode lat = celery.run(pool[0], c, "latency", sizes.latencyCalls(), 1);
        add("celery." + name + ".p50", lat.get("p50").asDouble() * 1000);
        add("celery." + name + ".p99", lat.get("p99").asDouble() * 1000);
        if (pool[0].equals("threads")) {
          add("celery.rss", celery.run(pool[0], c, "rss", 1, 1).get("idle_mb").asDouble());
        }
      }
      if (redis != null) {
        celeryOn(celery, "redis.", redis, sizes.n(), () -> {});
      }
      if (database != null) {
        celeryOn(celery, "postgres.", postgres, sizes.celeryDbTasks(), database::clear);
      }
    }

    /**
     * Celery's best pool for the durable backends' rows on rpc:// (threads), with the same backend
     * as Celeriac's rows under {@code prefix}, {@code tasks} adds; {@code beforeRun} runs before
     * each workload.
     */
    private void celeryOn(
        CeleryRuns celery, String prefix, String backend, int tasks, Runnable beforeRun)
        throws Exception {
      log.accept(number + ": Celery threads-50, results in " + backend);
      beforeRun.run();
      add("celery." + prefix + "add", time(celery.run("threads", 50, "add", tasks, 1, backend)));
      beforeRun.run();
      JsonNode lat = celery.run("threads", 50, "latency", sizes.latencyCalls(), 1, backend);
      add("celery." + prefix + "p50", lat.get("p50").asDouble() * 1000);
      add("celery." + prefix + "p99", lat.get("p99").asDouble() * 1000);
    }

    private static double time(JsonNode result) {
      List<Double> times = new ArrayList<>();
      result.get("times").forEach(v -> times.add(v.asDouble()));
      return Stats.median(times);
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  static void log(String message) {
    System.err.println(String.format(Locale.ROOT, "[bench] %s", message));
  }
}
