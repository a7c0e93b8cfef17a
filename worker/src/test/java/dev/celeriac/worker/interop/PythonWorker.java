package dev.celeriac.worker.interop;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.worker.PythonCelery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Python Celery 5.2.6 worker process running the py.* tasks of celeriac_interop.py. */
final class PythonWorker implements AutoCloseable {

  private final Process process;
  private final Path log;

  private PythonWorker(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static PythonWorker start(
      String queue,
      Path records,
      Map<String, String> env,
      java.util.function.Supplier<Channel> channels)
      throws IOException {
    Path log = Files.createTempFile("python-worker", ".log");
    ProcessBuilder builder =
        PythonCelery.process(
            TestBroker.amqpUrl(),
            records,
            PythonCelery.PYTHON,
            "-m",
            "celery",
            "-A",
            "celeriac_interop",
            "worker",
            "-Q",
            queue,
            "-P",
            "threads",
            "-c",
            env.getOrDefault("CONCURRENCY", "4"),
            "-n",
            "py-" + queue + "@it",
            "-l",
            "info",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip");
    builder.environment().putAll(env);
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PythonWorker worker = new PythonWorker(process, log);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("python worker exited:\n" + worker.output());
              }
              Channel probe = channels.get();
              try {
                return probe.queueDeclarePassive(queue).getConsumerCount() > 0;
              } catch (IOException | RuntimeException e) {
                return false; // not declared yet
              } finally {
                dev.celeriac.broker.topology.Topology.closeQuietly(probe);
              }
            });
    return worker;
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
