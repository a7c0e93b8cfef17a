package dev.celeriac.cli;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.cli.launcher.WorkerLauncher;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.examples.BenchTasks;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workers a benchmark runs on: worker processes started by {@link WorkerLauncher} exactly as a
 * user starts them (the product's JVM options, plus {@code CELERIAC_JAVA_OPTS} as for any process),
 * workers in this JVM, or none when workers already consume the queue. Closing stops the ones it
 * started with a warm shutdown.
 */
final class BenchWorkers implements AutoCloseable {

  /** How long a warm shutdown of a benchmark worker may take before it is killed. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  enum Mode {
    PROCESS,
    IN_PROCESS,
    EXTERNAL
  }

  private final List<LaunchedWorker> processes = new ArrayList<>();
  private final List<Worker> inProcess = new ArrayList<>();
  private final String queue;

  private BenchWorkers(String queue) {
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
    BenchWorkers workers = new BenchWorkers(queue);
    try {
      switch (mode) {
        case PROCESS -> {
          for (int i = 0; i < count; i++) {
            workers.startProcess(brokerUrl, i, concurrency);
          }
          for (LaunchedWorker process : workers.processes) {
            process.awaitReady();
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
        case EXTERNAL -> workers.awaitConsumer(connection);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      workers.close();
      throw e;
    }
    return workers;
  }

  private void startProcess(String brokerUrl, int index, int concurrency) {
    processes.add(
        WorkerLauncher.builder()
            .app(BenchTasks.class.getName())
            .broker(brokerUrl)
            .queues(queue)
            .hostname(
                "bench"
                    + index
                    + "-"
                    + ProcessHandle.current().pid()
                    + "@"
                    + dev.celeriac.client.HostNames.local())
            .args("--concurrency", Integer.toString(concurrency))
            .build()
            .start());
  }

  /** Waits until some worker, started by someone else, consumes the queue. */
  private void awaitConsumer(BrokerConnection connection) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + LaunchedWorker.READY_TIMEOUT.toNanos();
    Channel channel = connection.createChannel();
    try {
      while (System.nanoTime() < deadline) {
        try {
          if (channel.queueDeclarePassive(queue).getConsumerCount() > 0) {
            return;
          }
        } catch (IOException e) {
          channel = connection.createChannel(); // 404 until a worker declared the queue
        }
        Thread.sleep(100);
      }
      throw new CeleriacException(
          "No worker consumes '"
              + queue
              + "' after "
              + LaunchedWorker.READY_TIMEOUT.toSeconds()
              + " s");
    } finally {
      dev.celeriac.broker.topology.Topology.closeQuietly(channel);
    }
  }

  @Override
  public void close() {
    processes.forEach(LaunchedWorker::stop); // SIGTERM to all at once: warm shutdowns in parallel
    for (LaunchedWorker process : processes) {
      process.stop(STOP_TIMEOUT);
      process.close();
    }
    processes.clear();
    inProcess.forEach(Worker::shutdown);
    inProcess.clear();
  }
}
