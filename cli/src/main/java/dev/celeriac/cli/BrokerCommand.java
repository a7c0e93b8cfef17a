package dev.celeriac.cli;

import dev.celeriac.embedded.EmbeddedBroker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code celeriac broker --embedded}: runs the embedded AMQP broker (Apache Qpid Broker-J, memory
 * only) in the foreground for local development, until Ctrl-C.
 *
 * <pre>
 * celeriac broker --embedded --port 5672
 * celeriac -A com.example.MathTasks worker -b amqp://guest:guest@127.0.0.1:5672//
 * </pre>
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description =
        "Run a broker for local development: --embedded starts an in-process AMQP 0-9-1 broker"
            + " (Apache Qpid Broker-J, messages in memory only; not for production).")
final class BrokerCommand implements Callable<Integer> {

  @Option(
      names = "--embedded",
      description = "Run the embedded broker (the only kind this command runs).")
  boolean embedded;

  // Two names, so that its longest, --amqp-port, is the one the environment defaults look up:
  // The --port key (MonitorKeys.MONITOR_PORT) is the web monitor's.
  @Option(
      names = {"--port", "--amqp-port"},
      paramLabel = "PORT",
      defaultValue = "5672",
      description = "AMQP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
  String bind;

  @Option(
      names = "--loglevel",
      paramLabel = "LEVEL",
      description = "debug, info, warning, error or critical (default: ${DEFAULT-VALUE}).")
  String logLevel;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (!embedded) {
      throw new ParameterException(
          spec.commandLine(),
          "Only the embedded broker can be run: add --embedded (for production, run RabbitMQ).");
    }
    LogSetup.apply(logLevel == null ? "warning" : logLevel);
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stop = new CountDownLatch(1);
    try (EmbeddedBroker broker =
        EmbeddedBroker.start(EmbeddedBroker.options().bindAddress(bind).port(port))) {
      Runtime.getRuntime()
          .addShutdownHook(
              Thread.ofPlatform().name("celeriac-broker-stop").unstarted(stop::countDown));
      out.println(
          "Embedded broker (Apache Qpid Broker-J, in memory: messages are lost when it stops)");
      out.println("listening on " + broker.url());
      out.println("Press Ctrl-C to stop.");
      out.flush();
      stop.await();
    }
    return ExitCodes.OK;
  }
}
