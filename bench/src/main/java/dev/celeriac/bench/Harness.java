package dev.celeriac.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures Celeriac against Python Celery (prefork and threads pools) and raw amqp-client on one
 * RabbitMQ, prints the table and writes it with the machine's details to {@code
 * docs/benchmarks.md}. Every figure is the median of repeated runs.
 *
 * <pre>
 * scripts/bench.sh            # full run (several minutes), writes docs/benchmarks.md
 * scripts/bench.sh --smoke    # seconds: checks the harness works, writes nothing
 * </pre>
 */
public final class Harness {

  private Harness() {}

  public static void main(String[] args) throws Exception {
    boolean smoke = List.of(args).contains("--smoke");
    String url = option(args, "--broker", "amqp://guest:guest@127.0.0.1:5672//");
    int runs = Integer.parseInt(option(args, "--runs", smoke ? "1" : "3"));
    Path out = Path.of(option(args, "--out", smoke ? "" : "docs/benchmarks.md"));
    int n = smoke ? 200 : 10_000;
    int latencyCalls = smoke ? 50 : 1000;
    int scoopItems = smoke ? 100 : 1000;
    String loadBefore = Machine.load();
    log("load before: " + loadBefore);

    Report report = new Report(smoke, runs);
    CeleriacRuns celeriac = new CeleriacRuns(url);
    log("Celeriac: SCOOP workload");
    String scoop =
        celeriac.scoop(
            List.of(
                // Four, as the recorded runs in docs/benchmarks.md (the command's own default is
                // one per CPU, which is faster on 2 cores: see docs/benchmarks.md).
                "--workers",
                "4",
                "--items",
                Integer.toString(scoopItems),
                "--runs",
                Integer.toString(smoke ? 1 : 5),
                "--warmup",
                Integer.toString(smoke ? 1 : 50)));
    report.scoopCeleriac =
        CeleriacRuns.seconds(scoop, "mapReduce on \\d+ workers executed in ([0-9.]+)s");
    report.scoopSequential = CeleriacRuns.seconds(scoop, "sequential map executed in: ([0-9.]+)s");
    report.scoopOutput = scoop.strip();
    report.scoopItems = scoopItems;
    log(scoop.strip());

    log("Celeriac: CPU-bound primes, 1 vs 2 worker processes");
    String primes =
        celeriac.bench(
            "primes", smoke ? List.of("--limit", "200000", "--runs", "1") : List.of("--runs", "3"));
    log(primes.strip());
    report.primesOne = CeleriacRuns.seconds(primes, "1 worker process: ([0-9.]+)s");
    report.primesTwo = CeleriacRuns.seconds(primes, "2 worker processes: ([0-9.]+)s");

    log("Celeriac: throughput and latency");
    CeleriacRuns.Throughput t = celeriac.throughput(n, runs, latencyCalls);
    report.n = n;
    report.addCeleriac = Stats.median(t.addSeconds());
    report.ignoreCeleriac = Stats.median(t.ignoreSeconds());
    report.latencyCeleriac = t.latencies();
    log(
        String.format(
            Locale.ROOT,
            "Celeriac: add %.3f s, ignore_result %.3f s, latency p50 %.2f ms",
            report.addCeleriac,
            report.ignoreCeleriac,
            Stats.median(t.latencies()) * 1000));
    log("Celeriac: memory");
    report.memory = celeriac.memory(smoke ? 500 : 10_000);
    log("Celeriac: " + report.memory);

    log("raw amqp-client baselines");
    RawAmqp raw = new RawAmqp(url);
    List<Double> rr = new ArrayList<>();
    List<Double> pc = new ArrayList<>();
    raw.requestReply(n); // warm-up
    raw.publishConsume(n);
    for (int i = 0; i < runs; i++) {
      rr.add(raw.requestReply(n));
      pc.add(raw.publishConsume(n));
    }
    report.rawRequestReply = Stats.median(rr);
    report.rawPublishConsume = Stats.median(pc);
    report.latencyRaw = raw.roundTrips(latencyCalls);
    log(
        String.format(
            Locale.ROOT,
            "raw: request/reply %.3f s, publish+consume %.3f s, round trip p50 %.2f ms",
            report.rawRequestReply,
            report.rawPublishConsume,
            Stats.median(report.latencyRaw) * 1000));

    if (CeleryRuns.available()) {
      CeleryRuns celery = new CeleryRuns(url);
      report.celeryVersion = CeleryRuns.version();
      List<String[]> pools =
          smoke
              ? List.<String[]>of(new String[] {"threads", "50"})
              : List.of(new String[] {"threads", "50"}, new String[] {"prefork", "2"});
      for (String[] pool : pools) {
        String name = pool[0] + "-" + pool[1];
        int c = Integer.parseInt(pool[1]);
        log("Celery " + name + ": SCOOP workload");
        report.celeryScoop.put(
            name, median(celery.run(pool[0], c, "scoop", scoopItems, smoke ? 1 : 3)));
        log("Celery " + name + ": throughput and latency");
        report.celeryAdd.put(name, median(celery.run(pool[0], c, "add", n, runs)));
        report.celeryIgnore.put(name, median(celery.run(pool[0], c, "ignore", n, runs)));
        log(
            "Celery "
                + name
                + ": scoop "
                + report.celeryScoop.get(name)
                + " s, add "
                + report.celeryAdd.get(name)
                + " s, ignore_result "
                + report.celeryIgnore.get(name)
                + " s");
        JsonNode lat = celery.run(pool[0], c, "latency", latencyCalls, 1);
        report.celeryLatency.put(
            name, new double[] {lat.get("p50").asDouble(), lat.get("p99").asDouble()});
        if (pool[0].equals("threads")) {
          report.celeryRssThreads = celery.run(pool[0], c, "rss", 1, 1).get("idle_mb").asDouble();
        }
      }
    } else {
      log("Python Celery not found at " + CeleryRuns.PYTHON + "; Celery columns stay empty");
    }
    report.loadBefore = loadBefore;
    report.loadAfter = Machine.load();
    report.brokerVersion = Machine.rabbitVersion(url);
    String markdown = report.markdown();
    System.out.println(report.table());
    if (smoke) {
      log(
          "smoke run: the sizes are too small for met/missed to mean anything; it checks the"
              + " harness works");
    }
    if (!out.toString().isEmpty()) {
      Files.writeString(out, markdown);
      log("wrote " + out);
    }
  }

  private static double median(JsonNode result) {
    List<Double> times = new ArrayList<>();
    result.get("times").forEach(v -> times.add(v.asDouble()));
    return Stats.median(times);
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
