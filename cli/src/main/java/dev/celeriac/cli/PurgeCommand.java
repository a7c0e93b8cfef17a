package dev.celeriac.cli;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.topology.Topology;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code celeriac purge [-Q queues] [-f]}: drops every waiting task, after asking. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = "Drop every task waiting in the queues (asks first unless -f).")
final class PurgeCommand implements Callable<Integer> {

  @Option(
      names = {"-Q", "--queues"},
      paramLabel = "QUEUES",
      description = "Comma-separated queues (default: ${DEFAULT-VALUE}).")
  String queues;

  @Option(
      names = {"-f", "--force"},
      description = "Do not ask.")
  boolean force;

  @Mixin BrokerOptions broker;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    LogSetup.apply("warning");
    PrintWriter out = spec.commandLine().getOut();
    List<String> names =
        Arrays.stream(queues.split(",")).map(String::strip).filter(q -> !q.isEmpty()).toList();
    try (BrokerConnection connection = BrokerConnection.open(broker.settings(), "celeriac-purge")) {
      long total = 0;
      for (String queue : names) {
        total += count(connection, queue);
      }
      if (!force) {
        out.print("Purge " + total + " message(s) from " + String.join(", ", names) + "? [y/N] ");
        out.flush();
        String answer =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
          out.println("not purged");
          out.flush();
          return ExitCodes.FAILURE;
        }
      }
      for (String queue : names) {
        Channel channel = connection.createChannel();
        try {
          out.println(
              "purged "
                  + channel.queuePurge(queue).getMessageCount()
                  + " message(s) from "
                  + queue);
        } finally {
          Topology.closeQuietly(channel);
        }
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static long count(BrokerConnection connection, String queue) throws IOException {
    Channel channel = connection.createChannel();
    try {
      return channel.queueDeclarePassive(queue).getMessageCount();
    } catch (IOException e) {
      throw new dev.celeriac.error.ConfigurationException("queue '" + queue + "' does not exist");
    } finally {
      Topology.closeQuietly(channel);
    }
  }
}
