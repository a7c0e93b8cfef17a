package dev.celeriac.cli;

import dev.celeriac.monitor.Monitor;
import dev.celeriac.monitor.MonitorSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code celeriac monitor [--port 5555] [--address A --basic-auth user:password]}: the web monitor,
 * until SIGINT or SIGTERM.
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a web monitor of workers, tasks and queues, with actions and Prometheus /metrics.",
      "Workers must send events (-E) for tasks and workers to show; with a durable",
      "--result-backend a task's page also shows its stored result. With --security-* its",
      "actions are signed, for workers that run only signed messages."
    })
final class MonitorCommand implements Callable<Integer> {

  @Option(
      names = "--address",
      paramLabel = "ADDRESS",
      description =
          "Interface to listen on; any but loopback needs --basic-auth (default: ${DEFAULT-VALUE}).")
  String address;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--basic-auth",
      paramLabel = "USER:PASSWORD",
      description = "Ask for this login (HTTP basic). Prefer env CELERIAC_MONITOR_BASIC_AUTH.")
  String basicAuth;

  @Option(
      names = "--max-tasks",
      paramLabel = "N",
      description = "Tasks kept in memory, oldest dropped first (default: ${DEFAULT-VALUE}).")
  int maxTasks;

  @Option(
      names = "--broker-api",
      paramLabel = "URL",
      description =
          "RabbitMQ management API for queue figures, e.g. http://localhost:15672/"
              + " (default: the broker's host, port 15672).")
  String brokerApi;

  @Option(
      names = {"-Q", "--queues"},
      paramLabel = "QUEUES",
      description =
          "Queues to watch when the management API does not answer (default: ${DEFAULT-VALUE}).")
  String queues;

  @Option(
      names = "--beat-group",
      paramLabel = "NAME",
      description =
          "The celeriac beat group whose sender and entries the Beat page shows"
              + " (default: ${DEFAULT-VALUE}).")
  String beatGroup;

  @Option(
      names = {"-l", "--loglevel"},
      paramLabel = "LEVEL",
      description = "debug, info, warning, error or critical (default: ${DEFAULT-VALUE}).")
  String loglevel;

  @Mixin BrokerOptions broker;

  @Mixin ResultBackendOption results;

  @Mixin SecurityOptions security;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    LogSetup.apply(loglevel);
    MonitorSettings settings =
        MonitorSettings.builder()
            .broker(broker.settings())
            .resultBackend(results.url())
            .security(security.settings())
            .address(address)
            .port(port)
            .basicAuth(basicAuth)
            .maxTasks(maxTasks)
            .management(brokerApi == null || brokerApi.isBlank() ? null : URI.create(brokerApi))
            .beatGroup(beatGroup)
            .queues(
                Arrays.stream(queues.split(","))
                    .map(String::strip)
                    .filter(q -> !q.isEmpty())
                    .toList())
            .build();
    Monitor monitor = Monitor.start(settings);
    // SIGINT and SIGTERM run shutdown hooks; the hook closes the monitor before the JVM exits.
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("celeriac-monitor-shutdown")
                .unstarted(
                    () -> {
                      monitor.close();
                      closed.countDown();
                    }));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Celeriac monitor on " + monitor.url() + " (Ctrl-C to stop)");
    out.flush();
    closed.await();
    return ExitCodes.OK;
  }
}
