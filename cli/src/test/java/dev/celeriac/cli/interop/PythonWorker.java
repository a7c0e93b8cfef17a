package dev.celeriac.cli.interop;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        celery(
            records,
            workerArgs(queue, env.getOrDefault("CONCURRENCY", "4"), "py-" + queue + "@it", false));
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

  /** {@code python3 -m celery -A celeriac_interop ARGS} on the test broker. */
  static ProcessBuilder celery(Path records, String... args) {
    List<String> command =
        new ArrayList<>(List.of(PythonCelery.PYTHON, "-m", "celery", "-A", "celeriac_interop"));
    command.addAll(List.of(args));
    return PythonInterop.process(TestBroker.amqpUrl(), records, command.toArray(String[]::new));
  }

  /**
   * The arguments of a one-node threads-pool {@code celery worker} on {@code queue}, logging at
   * info; no heartbeat and no gossip, and mingle only when asked.
   */
  static String[] workerArgs(String queue, String concurrency, String node, boolean mingle) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "worker",
                "-Q",
                queue,
                "-P",
                "threads",
                "-c",
                concurrency,
                "-n",
                node,
                "-l",
                "info",
                "--without-heartbeat"));
    if (!mingle) {
      args.add("--without-mingle");
    }
    args.add("--without-gossip");
    return args.toArray(String[]::new);
  }

  /** Warm shutdown (SIGTERM), then a kill if the process still runs after 20 s. */
  static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(process);
  }
}
