package dev.celeriac.bench;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.cli.BenchProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Celeriac worker process started through the CLI with the benchmark tasks. */
final class WorkerProcess implements AutoCloseable {

  /** The JVM options {@code celeriac bench} uses for its workers. */
  static final List<String> JVM_OPTIONS =
      List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-XX:-TieredCompilation");

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(String brokerUrl, String queue, String... extra) throws IOException {
    Path log = Files.createTempFile("celeriac-harness-worker", ".log");
    Process process =
        BenchProcesses.start(
            JVM_OPTIONS,
            brokerUrl,
            queue,
            "harness-" + System.nanoTime() + "@localhost",
            List.of(extra),
            log);
    return new WorkerProcess(process, log);
  }

  /** Waits until the worker consumes {@code queue}. */
  WorkerProcess awaitReady(BrokerConnection connection, String queue) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Channel channel = connection.createChannel();
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("worker exited:\n" + Files.readString(log));
        }
        try {
          if (channel.queueDeclarePassive(queue).getConsumerCount() > 0) {
            return this;
          }
        } catch (IOException e) {
          channel = connection.createChannel();
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("worker not ready after 90 s:\n" + Files.readString(log));
    } finally {
      dev.celeriac.broker.topology.Topology.closeQuietly(channel);
    }
  }

  /** Resident set size in MB, from /proc. */
  double rssMb() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
