package dev.celeriac.cli;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.examples.BenchTasks;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The workers a benchmark runs on: worker processes started through this CLI (as a user starts
 * them), workers in this JVM, or none when workers already consume the queue. Closing stops the
 * ones it started and deletes the queue it made up.
 */
final class BenchWorkers implements AutoCloseable {

  /**
   * JVM options for worker processes: the serial collector and a small heap. Tiered compilation
   * stays on: C2 alone (smaller when idle) warms up too slowly for short runs like these.
   */
  static final List<String> WORKER_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m");

  enum Mode {
    PROCESS,
    IN_PROCESS,
    EXTERNAL
  }

  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final List<Worker> inProcess = new ArrayList<>();
  private final BrokerSettings broker;
  private final String queue;

  private BenchWorkers(BrokerSettings broker, String queue) {
    this.broker = broker;
    this.queue = queue;
  }

  /**
   * Starts {@code count} workers on {@code queue} and waits until they all consume it.
   *
   * @param concurrency slots per worker
   */
  static BenchWorkers start(
      Mode mode,
      BrokerSettings broker,
      String brokerUrl,
      String queue,
      int count,
      int concurrency,
      BrokerConnection connection)
      throws IOException, InterruptedException {
    BenchWorkers workers = new BenchWorkers(broker, queue);
    try {
      switch (mode) {
        case PROCESS -> {
          for (int i = 0; i < count; i++) {
            workers.startProcess(brokerUrl, i, concurrency);
          }
        }
        case IN_PROCESS -> {
          for (int i = 0; i < count; i++) {
            workers.inProcess.add(
                Worker.start(
                    WorkerSettings.builder()
                        .broker(broker)
                        .queues(List.of(queue))
                        .concurrency(concurrency)
                        .hostname("bench" + i + "@" + dev.celeriac.client.HostNames.local())
                        .build(),
                    TaskRegistry.builder().add(BenchTasks.class).build()));
          }
        }
        case EXTERNAL -> {}
      }
      workers.awaitConsumers(connection, mode == Mode.EXTERNAL ? 1 : count);
    } catch (IOException | InterruptedException | RuntimeException e) {
      workers.close();
      throw e;
    }
    return workers;
  }

  private void startProcess(String brokerUrl, int index, int concurrency) throws IOException {
    Path log = Files.createTempFile("celeriac-bench-worker-" + index + "-", ".log");
    logs.add(log);
    processes.add(
        BenchProcesses.start(
            WORKER_JVM_OPTIONS,
            brokerUrl,
            queue,
            "bench"
                + index
                + "-"
                + ProcessHandle.current().pid()
                + "@"
                + dev.celeriac.client.HostNames.local(),
            List.of("--concurrency", Integer.toString(concurrency)),
            log));
  }

  /** Process ids of the worker processes started. */
  List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  private void awaitConsumers(BrokerConnection connection, int count)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Channel channel = connection.createChannel();
    try {
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < processes.size(); i++) {
          if (!processes.get(i).isAlive()) {
            throw new CeleriacException(
                "Worker process "
                    + i
                    + " exited with code "
                    + processes.get(i).exitValue()
                    + " before it was ready:\n"
                    + Files.readString(logs.get(i)));
          }
        }
        try {
          if (channel.queueDeclarePassive(queue).getConsumerCount() >= count) {
            return;
          }
        } catch (IOException e) {
          channel = connection.createChannel(); // 404 until a worker declared the queue
        }
        Thread.sleep(100);
      }
      throw new CeleriacException(
          "Fewer than " + count + " workers consume '" + queue + "' after 90 s");
    } finally {
      dev.celeriac.broker.topology.Topology.closeQuietly(channel);
    }
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy); // SIGTERM: warm shutdown
    for (Process process : processes) {
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    inProcess.forEach(Worker::shutdown);
    for (Path log : logs) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a temp file; the OS cleans it up
      }
    }
  }
}
