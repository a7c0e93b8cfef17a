package dev.celeriac.cli;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerKeys;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskRef2;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.embedded.EmbeddedBroker;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.examples.MathTasks;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("java.class.path"),
            CeleriacCommand.class.getName(),
            "-A",
            MathTasks.class.getName(),
            "worker",
            "--broker",
            url,
            "--queues",
            QUEUE,
            "--concurrency",
            "4",
            "--loglevel",
            "info",
            "--hostname",
            "demo@" + dev.celeriac.client.HostNames.local());
    out.println(
        "$ celeriac -A "
            + MathTasks.class.getName()
            + " worker -Q "
            + QUEUE
            + " -c 4 --loglevel=info   # in a separate JVM");
    out.flush();
    Process worker = new ProcessBuilder(command).inheritIO().start();
    try (Celeriac app =
        Celeriac.builder()
            .broker(settings)
            .defaultQueue(QUEUE)
            .connectionName("celeriac-demo")
            .build()) {
      awaitConsumer(WorkerClient.of(app).connection(), worker);
      TaskRef2<Integer, Integer, Integer> add = app.task(MathTasks::add);
      AsyncResult<Integer> result = add.delay(5, 5);
      int value = result.get(Duration.ofSeconds(30));
      out.println();
      out.println("add.delay(5, 5) -> task " + result.id());
      out.println("result.get() = " + value);
      out.flush();
    } finally {
      worker.destroy(); // SIGTERM: warm shutdown
      if (!worker.waitFor(40, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
    out.println("worker stopped with exit code " + worker.exitValue());
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

  /** Waits until the worker consumes the demo queue, failing fast if its process dies. */
  private static void awaitConsumer(BrokerConnection connection, Process worker)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Channel channel = connection.createChannel();
    try {
      while (System.nanoTime() < deadline) {
        if (!worker.isAlive()) {
          throw new CeleriacException(
              "The worker process exited with code "
                  + worker.exitValue()
                  + " before it was ready (see its output above)");
        }
        try {
          if (channel.queueDeclarePassive(QUEUE).getConsumerCount() > 0) {
            return;
          }
        } catch (IOException e) {
          channel = connection.createChannel(); // 404 until the worker declared the queue
        }
        Thread.sleep(200);
      }
      throw new CeleriacException("The worker did not start consuming '" + QUEUE + "' within 60 s");
    } finally {
      try {
        if (channel.isOpen()) {
          channel.close();
        }
      } catch (java.util.concurrent.TimeoutException e) {
        // closing anyway
      }
    }
  }
}
