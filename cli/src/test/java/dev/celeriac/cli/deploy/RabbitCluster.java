package dev.celeriac.cli.deploy;

import dev.celeriac.broker.testing.TestBroker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.RabbitMQContainer;

/**
 * A RabbitMQ cluster in containers: nodes {@code rabbit@rmq1..n} on a private network, sharing an
 * Erlang cookie, joined with {@code rabbitmqctl join_cluster rabbit@rmq1}. Each node's AMQP port is
 * mapped to this machine, so clients here get a {@code ;}-separated failover URL list.
 */
final class RabbitCluster implements AutoCloseable {

  private static final String COOKIE = "celeriac-cluster-test-cookie";

  private final Network network = Network.newNetwork();
  private final List<RabbitMQContainer> nodes = new ArrayList<>();

  RabbitCluster(int size) {
    for (int i = 1; i <= size; i++) {
      String host = "rmq" + i;
      RabbitMQContainer node =
          TestBroker.newContainer()
              .withNetwork(network)
              .withNetworkAliases(host)
              .withCreateContainerCmdModifier(cmd -> cmd.withHostName(host))
              // The same cookie everywhere; -setcookie works for the official and Debian images.
              .withEnv("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-setcookie " + COOKIE);
      nodes.add(node);
    }
  }

  /** Starts every node, then joins the others to the first. */
  RabbitCluster start() {
    nodes.parallelStream().forEach(RabbitMQContainer::start);
    for (int i = 1; i < nodes.size(); i++) {
      ctl(i, "stop_app");
      ctl(i, "join_cluster", "rabbit@rmq1");
      ctl(i, "start_app");
    }
    return this;
  }

  int size() {
    return nodes.size();
  }

  /** The {@code amqp://} URL of node {@code index} (0-based) as reached from this machine. */
  String url(int index) {
    RabbitMQContainer node = nodes.get(index);
    return "amqp://guest:guest@" + node.getHost() + ":" + node.getAmqpPort() + "//";
  }

  /** The AMQP port of node {@code index} as mapped on this machine. */
  int port(int index) {
    return nodes.get(index).getAmqpPort();
  }

  /** A failover URL list starting at node {@code first} and going round the cluster. */
  String urls(int first) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      urls.add(url((first + i) % nodes.size()));
    }
    return String.join(";", urls);
  }

  /** Runs {@code rabbitmqctl} on node {@code index}; returns its standard output. */
  String ctl(int index, String... args) {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl", "--erlang-cookie", COOKIE));
    command.addAll(List.of(args));
    try {
      Container.ExecResult result =
          nodes.get(index).execInContainer(command.toArray(String[]::new));
      if (result.getExitCode() != 0) {
        throw new IllegalStateException(
            String.join(" ", args) + " on rmq" + (index + 1) + " failed: " + result.getStderr());
      }
      return result.getStdout();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The node (0-based) whose name {@code rabbitmqctl list_queues} gives as the queue's leader. */
  int leaderOf(String queue, int askNode) {
    for (String line : ctl(askNode, "-q", "list_queues", "name", "leader").split("\n")) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length == 2 && columns[0].equals(queue)) {
        return Integer.parseInt(columns[1].substring("rabbit@rmq".length())) - 1;
      }
    }
    throw new IllegalStateException("queue " + queue + " has no leader in list_queues");
  }

  /** The running nodes as node {@code askNode} sees them, e.g. [rabbit@rmq1, rabbit@rmq2]. */
  List<String> runningNodes(int askNode) {
    String json = ctl(askNode, "-q", "cluster_status", "--formatter", "json");
    int start = json.indexOf("\"running_nodes\":[");
    int end = json.indexOf(']', start);
    return List.of(json.substring(start + "\"running_nodes\":[".length(), end).split(",")).stream()
        .map(s -> s.replace("\"", "").trim())
        .filter(s -> !s.isEmpty())
        .sorted()
        .collect(Collectors.toList());
  }

  /** SIGKILL to the node's container: no goodbye to the cluster or to clients. */
  void kill(int index) {
    DockerClientFactory.instance()
        .client()
        .killContainerCmd(nodes.get(index).getContainerId())
        .exec();
  }

  /** Starts a killed node's container again, with its data, hostname and cookie. */
  void restart(int index) {
    DockerClientFactory.instance()
        .client()
        .startContainerCmd(nodes.get(index).getContainerId())
        .exec();
  }

  @Override
  public void close() {
    nodes.forEach(RabbitMQContainer::stop);
    network.close();
  }
}
