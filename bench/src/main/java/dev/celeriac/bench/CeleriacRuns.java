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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Celeriac side of each workload, against worker processes started by the CLI's {@link
 * WorkerLauncher} as users start them.
 */
final class CeleriacRuns {

  /** How long a worker has been idle, after its first task, when its idle RSS is read. */
  static final Duration IDLE = Duration.ofSeconds(10);

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

  /** One round's measurements on one worker process ({@code --concurrency 50}). */
  record Throughput(
      double addSeconds,
      double ignoreSeconds,
      List<Double> latencies,
      double addWorkerCpu,
      double ignoreWorkerCpu) {}

  /**
   * Trivial adds with results collected, with ignore_result (unless {@code resultBackend} is given:
   * it is the same run), and sequential calls, each after unmeasured warm-up runs, on a worker
   * storing results in {@code resultBackend} ({@code null}: the default, rpc://); {@code beforeRun}
   * runs before each of them (to empty a database backend's tables).
   */
  Throughput throughput(int n, int latencyCalls, String resultBackend, Runnable beforeRun)
      throws Exception {
    String queue = "celeriac-harness-" + UUID.randomUUID();
    var builder = Celeriac.builder().url(url).defaultQueue(queue);
    List<String> workerArgs = new ArrayList<>(List.of("--concurrency", "50"));
    if (resultBackend != null) {
      builder.resultBackend(resultBackend);
      workerArgs.addAll(List.of("--result-backend", resultBackend, "--result-expires", "10m"));
    }
    try (Celeriac app = builder.build();
        LaunchedWorker worker = start(queue, workerArgs.toArray(String[]::new)).awaitReady()) {
      TaskRef<Long> add = app.task("bench.add", Long.class);
      List<List<?>> args = new ArrayList<>(n);
      for (long i = 0; i < n; i++) {
        args.add(List.of(i, i));
      }
      double addSeconds = 0;
      double addCpu = Double.NaN;
      // A fresh worker spends its first tens of thousands of tasks compiling its hot paths (the
      // JIT's C2 takes several CPU seconds on 2 cores), and users' workers run for hours: warm-up
      // runs repeat until the worker's CPU per run settles, then one more run is measured.
      // The JIT's count is read once before the first run, which starts the worker's attach
      // listener (it stays for later reads), and after each warm-up run, outside the CPU window of
      // every run, the measured one included.
      long compiledSoFar = compilations(worker.pid());
      for (int run = 0, warm = 0; ; run++) {
        beforeRun.run();
        double previousCpu = addCpu;
        double cpu = cpuSeconds(worker.pid());
        long start = System.nanoTime();
        for (AsyncResult<Long> r : add.delayAll(args)) {
          r.get(Duration.ofMinutes(2));
        }
        addSeconds = (System.nanoTime() - start) / 1e9;
        addCpu = cpuSeconds(worker.pid()) - cpu;
        if (warm > 0) {
          break; // the measured run
        }
        long compiledBefore = compiledSoFar;
        compiledSoFar = compilations(worker.pid());
        long compiled =
            compiledBefore < 0 || compiledSoFar < 0 ? -1 : compiledSoFar - compiledBefore;
        if (settled(previousCpu, addCpu, compiled) || run + 1 >= MAX_WARMUP_RUNS) {
          warm = run + 1;
        }
      }
      double ignoreSeconds = Double.NaN;
      double ignoreCpu = Double.NaN;
      TaskOptions ignore = TaskOptions.builder().ignoreResult(true).build();
      for (int run = 0; resultBackend == null && run < 2; run++) {
        beforeRun.run();
        double cpu = cpuSeconds(worker.pid());
        long start = System.nanoTime();
        add.delayAll(args, ignore);
        awaitDrained(app, queue);
        add.delay(0L, 0L).get(Duration.ofMinutes(2)); // what was prefetched is done by now
        ignoreSeconds = (System.nanoTime() - start) / 1e9;
        ignoreCpu = cpuSeconds(worker.pid()) - cpu;
      }
      beforeRun.run();
      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < latencyCalls + 20; i++) {
        long start = System.nanoTime();
        add.delay(1L, 1L).get(Duration.ofSeconds(30));
        if (i >= 20) {
          latencies.add((System.nanoTime() - start) / 1e9);
        }
      }
      BenchQueues.delete(app, queue);
      return new Throughput(addSeconds, ignoreSeconds, latencies, addCpu, ignoreCpu);
    }
  }

  /** Warm-up runs at most, before the measured one. */
  static final int MAX_WARMUP_RUNS = 15;

  /**
   * How many methods the JIT may compile during a warm-up run that counts as settled. CPU alone can
   * be fooled: a fresh worker took 1.15 s, then 1.29 s of CPU for its second and third runs of
   * 10,000 adds, compiling 184, then 69 methods in them, two runs close enough to pass for settled
   * on another day; once settled its runs took 0.41 to 0.63 s, with at most 8 compilations each.
   */
  static final int SETTLED_COMPILATIONS = 20;

  /**
   * How close, in percent, a run's worker CPU must come to the run before it to count as settled.
   * At 15 % a worker still compiling was taken as warm: its CPU per task fell 0.23, 0.19, 0.17,
   * 0.11, 0.09 ms over successive runs of 10,000 adds, and 0.19 to 0.17 passed.
   */
  static final int SETTLED_PERCENT = 10;

  /**
   * Whether a run's worker CPU is within {@link #SETTLED_PERCENT} of the run before it (and a tick
   * of the clock, for short runs): the JIT has compiled what the run needs.
   */
  static boolean settled(double previousCpu, double cpu) {
    return !Double.isNaN(previousCpu)
        && Math.abs(cpu - previousCpu) <= SETTLED_PERCENT / 100.0 * previousCpu + 0.01;
  }

  /**
   * {@link #settled(double, double)}, and the JIT compiled at most {@link #SETTLED_COMPILATIONS}
   * methods during the run ({@code compiled} below 0: not known, CPU alone decides).
   */
  static boolean settled(double previousCpu, double cpu, long compiled) {
    return settled(previousCpu, cpu) && compiled <= SETTLED_COMPILATIONS;
  }

  /**
   * How many methods a JVM's JIT has compiled so far ({@code sun.ci.totalCompiles}, read with the
   * JDK's jcmd between runs), or -1 when it cannot be read (a runtime without jcmd).
   */
  static long compilations(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "PerfCounter.print")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      Matcher m = COMPILES.matcher(out);
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static final Pattern COMPILES =
      Pattern.compile("^sun\\.ci\\.totalCompiles=(\\d+)$", Pattern.MULTILINE);

  /**
   * A worker started with the defaults, watched while idle, right after a burst of tasks whose
   * results were collected, and again once it has been idle for a while: the figure users see on a
   * worker that had a busy minute. The wait overlaps the round's other runs, which use other queues
   * and other processes; {@link #close} stops it.
   */
  final class MemoryProbe implements AutoCloseable {
    private final String queue = "celeriac-harness-rss-" + UUID.randomUUID();
    private final Celeriac app = Celeriac.builder().url(url).defaultQueue(queue).build();
    private final LaunchedWorker worker;
    private final double idleMb;
    private CompletableFuture<double[]> afterBurst;

    MemoryProbe() throws Exception {
      LaunchedWorker started = null;
      try {
        started = start(queue).awaitReady();
        app.task("bench.add", Long.class).delay(1L, 1L).get(Duration.ofSeconds(30));
        Thread.sleep(IDLE.toMillis());
        idleMb = rssMb(started.pid());
      } catch (Exception | Error e) {
        if (started != null) {
          started.close();
        }
        app.close();
        throw e;
      }
      worker = started;
    }

    double idleMb() {
      return idleMb;
    }

    /**
     * Sends {@code n} adds at once, collects their results, and reads the RSS {@code settle} later
     * on a thread of its own, while the caller goes on with other runs.
     */
    void burst(int n, Duration settle) {
      TaskRef<Long> add = app.task("bench.add", Long.class);
      List<List<?>> args = new ArrayList<>(n);
      for (long i = 0; i < n; i++) {
        args.add(List.of(i, i));
      }
      for (AsyncResult<Long> r : add.delayAll(args)) {
        r.get(Duration.ofMinutes(2));
      }
      long ended = System.nanoTime();
      CompletableFuture<double[]> reading = new CompletableFuture<>();
      afterBurst = reading;
      Thread.ofVirtual()
          .name("bench-rss-after-burst")
          .start(
              () -> {
                try {
                  Thread.sleep(settle.toMillis());
                  reading.complete(
                      new double[] {rssMb(worker.pid()), (System.nanoTime() - ended) / 1e9});
                } catch (IOException | InterruptedException | RuntimeException e) {
                  reading.completeExceptionally(e);
                }
              });
    }

    /** The RSS read {@code settle} after the burst, and the seconds that had passed. */
    double[] afterBurst() throws Exception {
      return afterBurst.get();
    }

    @Override
    public void close() {
      try {
        worker.close();
        BenchQueues.delete(app, queue);
      } finally {
        app.close();
      }
    }
  }

  /** RSS of a worker with a slot per task: idle, then with {@code sleeping} tasks in flight. */
  double[] sleeping(int sleeping) throws Exception {
    String queue = "celeriac-harness-sleep-" + UUID.randomUUID();
    try (Celeriac app = Celeriac.builder().url(url).defaultQueue(queue).build();
        LaunchedWorker worker =
            start(queue, "--concurrency", Integer.toString(sleeping), "--prefetch-multiplier", "1")
                .awaitReady()) {
      app.task("bench.add", Long.class).delay(1L, 1L).get(Duration.ofSeconds(30));
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
      return new double[] {idle, loaded};
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

  /**
   * CPU time a process has used, user and system, in seconds, from /proc (clock ticks of 10 ms).
   * Unlike wall time it hardly moves when other processes compete for the CPU, so it shows a change
   * in the worker's own cost on a busy machine.
   */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
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
