package dev.celeriac.bench;

import com.rabbitmq.client.Channel;
import dev.celeriac.cli.BenchQueues;
import dev.celeriac.cli.CeleriacCommand;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.cli.launcher.WorkerLauncher;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRef;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.examples.BenchTasks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Celeriac side of each workload, against worker processes started by the CLI's {@link
 * WorkerLauncher} as users start them.
 */
final class CeleriacRuns {

  private final String url;

  CeleriacRuns(String url) {
    this.url = url;
  }

  /** The scoop benchmark's output: {@code celeriac bench scoop}, run in this JVM. */
  String scoop(List<String> extra) {
    return bench("scoop", extra);
  }

  /** {@code celeriac bench <name>}'s output, run in this JVM. */
  String bench(String name, List<String> extra) {
    StringWriter out = new StringWriter();
    var cli = CeleriacCommand.commandLine(System.getenv());
    cli.setOut(new PrintWriter(out, true));
    List<String> args = new ArrayList<>(List.of("bench", name, "--broker", url));
    args.addAll(extra);
    int code = cli.execute(args.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException(
          "celeriac bench " + name + " exited with " + code + ":\n" + out);
    }
    return out.toString();
  }

  static double seconds(String output, String regex) {
    Matcher m = Pattern.compile(regex).matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("no '" + regex + "' in:\n" + output);
    }
    return Double.parseDouble(m.group(1));
  }

  /** Measurements on one worker process ({@code --concurrency 50}, as Celery's threads pool). */
  record Throughput(List<Double> addSeconds, List<Double> ignoreSeconds, List<Double> latencies) {}

  Throughput throughput(int n, int runs, int latencyCalls) throws Exception {
    String queue = "celeriac-harness-" + UUID.randomUUID();
    try (Celeriac app = Celeriac.builder().url(url).defaultQueue(queue).build();
        LaunchedWorker worker = start(queue, "--concurrency", "50").awaitReady()) {
      TaskRef<Long> add = app.task("bench.add", Long.class);
      List<List<?>> args = new ArrayList<>(n);
      for (long i = 0; i < n; i++) {
        args.add(List.of(i, i));
      }
      List<Double> addSeconds = new ArrayList<>();
      for (int run = 0; run <= runs; run++) { // the first run warms up
        long start = System.nanoTime();
        for (AsyncResult<Long> r : add.delayAll(args)) {
          r.get(Duration.ofMinutes(2));
        }
        if (run > 0) {
          addSeconds.add((System.nanoTime() - start) / 1e9);
        }
      }
      List<Double> ignoreSeconds = new ArrayList<>();
      TaskOptions ignore = TaskOptions.builder().ignoreResult(true).build();
      for (int run = 0; run <= runs; run++) {
        long start = System.nanoTime();
        add.delayAll(args, ignore);
        awaitDrained(app, queue);
        add.delay(0L, 0L).get(Duration.ofMinutes(2)); // what was prefetched is done by now
        if (run > 0) {
          ignoreSeconds.add((System.nanoTime() - start) / 1e9);
        }
      }
      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < latencyCalls + 20; i++) {
        long start = System.nanoTime();
        add.delay(1L, 1L).get(Duration.ofSeconds(30));
        if (i >= 20) {
          latencies.add((System.nanoTime() - start) / 1e9);
        }
      }
      BenchQueues.delete(app, queue);
      return new Throughput(addSeconds, ignoreSeconds, latencies);
    }
  }

  /** RSS of a fresh worker: idle, then with {@code sleeping} tasks in flight. */
  record Memory(double idleMb, double loadedMb, int sleeping) {}

  Memory memory(int sleeping) throws Exception {
    String queue = "celeriac-harness-rss-" + UUID.randomUUID();
    try (Celeriac app = Celeriac.builder().url(url).defaultQueue(queue).build();
        LaunchedWorker worker =
            start(queue, "--concurrency", Integer.toString(sleeping), "--prefetch-multiplier", "1")
                .awaitReady()) {
      TaskRef<Long> add = app.task("bench.add", Long.class);
      add.delay(1L, 1L).get(Duration.ofSeconds(30));
      Thread.sleep(2000);
      double idle = rssMb(worker.pid());
      TaskRef<Long> sleep = app.task("bench.sleep", Long.class);
      List<List<?>> args = new ArrayList<>();
      for (int i = 0; i < sleeping; i++) {
        args.add(List.of(120_000L));
      }
      sleep.delayAll(args, TaskOptions.builder().ignoreResult(true).build());
      awaitDrained(app, queue);
      Thread.sleep(3000);
      double loaded = rssMb(worker.pid());
      worker.close();
      BenchQueues.delete(app, queue);
      return new Memory(idle, loaded, sleeping);
    }
  }

  private LaunchedWorker start(String queue, String... args) {
    return WorkerLauncher.builder()
        .app(BenchTasks.class.getName())
        .broker(url)
        .queues(queue)
        .hostname("harness-" + System.nanoTime() + "@localhost")
        .args(args)
        .build()
        .start();
  }

  /** Resident set size of a process in MB, from /proc. */
  private static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static void awaitDrained(Celeriac app, String queue) throws Exception {
    Channel channel = WorkerClient.of(app).connection().createChannel();
    try {
      while (channel.queueDeclarePassive(queue).getMessageCount() > 0) {
        Thread.sleep(5);
      }
    } finally {
      dev.celeriac.broker.topology.Topology.closeQuietly(channel);
    }
  }
}
