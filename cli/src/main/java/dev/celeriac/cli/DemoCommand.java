package dev.celeriac.cli;

import dev.celeriac.broker.BrokerKeys;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.cli.launcher.WorkerLauncher;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskRef2;
import dev.celeriac.embedded.EmbeddedBroker;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.examples.MathTasks;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code celeriac demo}: the quick start in one command. Starts a worker in a separate JVM through
 * this same CLI, calls {@code add.delay(5, 5)}, prints the result, and stops the worker with
 * SIGTERM (a warm shutdown). Then runs SCOOP's mapReduce comparison ({@code celeriac bench scoop},
 * two worker processes, one measured run) unless {@code --skip-scoop}.
 *
 * <p>When no broker was named (no {@code --broker}, no {@code CELERIAC_BROKER_URL}) and none
 * answers at the default address, it starts the embedded broker in this process on a free loopback
 * port and runs the demo there, so it needs nothing installed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start a worker process, run add.delay(5, 5) through the broker, print the result; then"
            + " SCOOP's mapReduce comparison (celeriac bench scoop).")
final class DemoCommand implements Callable<Integer> {

  static final String QUEUE = "celeriac-demo";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  // Longer than the worker's 30 s shutdown timeout, so a warm shutdown can finish.
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

  @Mixin BrokerOptions broker;

  @picocli.CommandLine.Option(
      names = "--skip-scoop",
      description = "Skip the SCOOP mapReduce comparison that follows add.delay(5, 5).")
  boolean skipScoop;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    LogSetup.apply("warning");
    PrintWriter out = spec.commandLine().getOut();
    EmbeddedBroker embedded = DemoBroker.startEmbeddedIfNeeded(broker.settings(), named(), out);
    try {
      if (embedded == null) {
        return run(out, broker.url, broker.settings());
      }
      return run(out, embedded.url(), broker.settings().toBuilder().url(embedded.url()).build());
    } finally {
      if (embedded != null) {
        embedded.close();
        out.println("embedded broker stopped");
        out.flush();
      }
    }
  }

  /** Whether the user chose the broker, in which case it is used or the demo fails. */
  private boolean named() {
    return spec.commandLine().getParseResult().hasMatchedOption("--broker")
        || System.getenv(BrokerKeys.BROKER_URL.env()) != null
        || System.getenv(BrokerKeys.BROKER_URL.fileEnv()) != null
        || !BrokerKeys.BROKER_URL.defaultValue().equals(broker.url);
  }

  private int run(PrintWriter out, String url, BrokerSettings settings) throws Exception {
    out.println(
        "$ celeriac -A "
            + MathTasks.class.getName()
            + " worker -Q "
            + QUEUE
            + " -c 4 --loglevel=info   # in a separate JVM");
    out.flush();
    int exitCode;
    try (LaunchedWorker worker =
        WorkerLauncher.builder()
            .app(MathTasks.class.getName())
            .broker(url)
            .queues(QUEUE)
            .hostname("demo@" + dev.celeriac.client.HostNames.local())
            .loglevel("info")
            .args("--concurrency", "4")
            .echo(out) // the worker's banner and log lines, as they come
            .build()
            .start()) {
      worker.awaitReady(READY_TIMEOUT);
      try (Celeriac app =
          Celeriac.builder()
              .broker(settings)
              .defaultQueue(QUEUE)
              .connectionName("celeriac-demo")
              .build()) {
        TaskRef2<Integer, Integer, Integer> add = app.task(MathTasks::add);
        AsyncResult<Integer> result = add.delay(5, 5);
        int value = result.get(Duration.ofSeconds(30));
        out.println();
        out.println("add.delay(5, 5) -> task " + result.id());
        out.println("result.get() = " + value);
        out.flush();
      } finally {
        exitCode = worker.stop(STOP_TIMEOUT); // SIGTERM: warm shutdown
      }
    }
    out.println("worker stopped with exit code " + exitCode);
    moreSteps(url, out);
    out.flush();
    return 0;
  }

  /**
   * Further demo steps on the same broker (the embedded one when it was started): SCOOP's mapReduce
   * comparison, {@code celeriac bench scoop}, with two worker processes of its own and one measured
   * run, so that it stays short.
   */
  private void moreSteps(String url, PrintWriter out) {
    if (skipScoop) {
      return;
    }
    String[] args = {"bench", "scoop", "--broker", url, "-w", "2", "--runs", "1", "--warmup", "1"};
    out.println();
    out.println("$ celeriac bench scoop -w 2 --runs 1 --warmup 1   # SCOOP's mapReduce comparison");
    out.flush();
    CommandLine bench = CeleriacCommand.commandLine(System.getenv());
    bench.setOut(out);
    bench.setErr(spec.commandLine().getErr());
    int code = bench.execute(args);
    if (code != ExitCodes.OK) {
      throw new CeleriacException("celeriac bench scoop failed with exit code " + code);
    }
  }
}
