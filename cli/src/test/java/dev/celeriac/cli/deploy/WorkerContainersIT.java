package dev.celeriac.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Workers on separate hosts: three containers from the worker image, each with its own hostname and
 * address, against a broker container on a private network, fed by a client on this machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerContainersIT {

  private static final int WORKERS = 3;

  private static Network network;
  private static RabbitMQContainer broker;
  private static final List<GenericContainer<?>> workers = new ArrayList<>();
  private static Celeriac app;
  private static String queue;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    broker = TestBroker.newContainer().withNetwork(network).withNetworkAliases("rabbitmq");
    broker.start();
    String image = WorkerImage.name();
    queue = "it-hosts-" + UUID.randomUUID();
    for (int i = 0; i < WORKERS; i++) {
      GenericContainer<?> worker =
          new GenericContainer<>(image)
              .withNetwork(network)
              .withEnv("CELERIAC_BROKER_URL", "amqp://guest:guest@rabbitmq:5672//")
              .withCommand(
                  "-A", "dev.celeriac.examples.MathTasks", "worker", "-Q", queue, "-c", "2")
              .waitingFor(Wait.forLogMessage(".* ready\\.\\s*", 1))
              .withStartupTimeout(Duration.ofMinutes(2));
      worker.start();
      workers.add(worker);
    }
    app =
        Celeriac.builder()
            .url("amqp://guest:guest@" + broker.getHost() + ":" + broker.getAmqpPort() + "//")
            .defaultQueue(queue)
            .build();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    workers.forEach(GenericContainer::stop);
    if (broker != null) {
      broker.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void eachWorkerIsItsOwnHost() {
    Set<String> hostnames = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (GenericContainer<?> worker : workers) {
      hostnames.add(worker.getContainerInfo().getConfig().getHostName());
      addresses.add(
          worker
              .getContainerInfo()
              .getNetworkSettings()
              .getNetworks()
              .values()
              .iterator()
              .next()
              .getIpAddress());
      assertThat(worker.getLogs())
          .contains("celery@" + worker.getContainerInfo().getConfig().getHostName());
    }
    assertThat(hostnames).hasSize(WORKERS);
    assertThat(addresses).hasSize(WORKERS);
  }

  @Test
  void tasksSpreadAcrossTheContainersAndResultsComeBack() {
    var task = app.task("tasks.sleep_sum", Long.class);
    List<AsyncResult<Long>> results = new ArrayList<>();
    for (long i = 0; i < 60; i++) {
      results.add(task.delay(List.of(i, 1L), 200L));
    }
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).get(Duration.ofSeconds(60))).isEqualTo(i + 1L);
    }
    for (GenericContainer<?> worker : workers) {
      assertThat(worker.getLogs()).as("a worker ran some tasks").contains("succeeded");
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it leaves one worker fewer
  void killingOneWorkerContainerMidRunLosesNothing() {
    var task = app.task("tasks.sleep_sum", Long.class);
    List<AsyncResult<Long>> results = new ArrayList<>();
    for (long i = 0; i < 120; i++) {
      results.add(task.delay(List.of(i), 250L));
    }
    results.get(5).get(Duration.ofSeconds(60)); // work is under way on every worker
    GenericContainer<?> victim = workers.get(0);
    DockerClientFactory.instance().client().killContainerCmd(victim.getContainerId()).exec();

    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).get(Duration.ofSeconds(120))).isEqualTo((long) i);
    }
  }
}
