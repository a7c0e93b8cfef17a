package dev.celeriac.cli;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.examples.BenchTasks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Worker processes for benchmarks, started through this CLI with the benchmark tasks as a user
 * starts them. One place for that command line, shared by {@code celeriac bench} and the benchmark
 * harness, so both measure the same kind of worker.
 */
public final class BenchProcesses {

  private BenchProcesses() {}

  /**
   * Starts {@code celeriac worker} in a new JVM on {@code queue}, its output going to a new temp
   * file {@code log}. Extra JVM options come from env {@code CELERIAC_BENCH_WORKER_OPTS} (e.g. a
   * JFR recording).
   *
   * @param jvmOptions options for the worker JVM
   * @param extra further {@code worker} arguments
   */
  public static Process start(
      List<String> jvmOptions,
      String brokerUrl,
      String queue,
      String hostname,
      List<String> extra,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    String extraJvm = System.getenv("CELERIAC_BENCH_WORKER_OPTS");
    if (extraJvm != null && !extraJvm.isBlank()) {
      command.addAll(List.of(extraJvm.strip().split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            CeleriacCommand.class.getName(),
            "-A",
            BenchTasks.class.getName(),
            "worker",
            "--broker",
            brokerUrl,
            "--queues",
            queue,
            "--loglevel",
            "warning",
            "--hostname",
            hostname));
    command.addAll(extra);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Deletes a benchmark's queue, its dead-letter queue and its exchange, best effort. */
  public static void deleteQueue(Celeriac app, String queue) {
    Channel channel = WorkerClient.of(app).connection().createChannel();
    try {
      channel.queueDelete(queue);
      channel.queueDelete(Topology.deadLetterQueueName(queue));
      channel.exchangeDelete(queue);
    } catch (IOException e) {
      // an unused queue left behind is harmless
    } finally {
      Topology.closeQuietly(channel);
    }
  }
}
