package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.TestTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result backend is down for 10 s in the middle of 2,000 tasks: every result must be readable
 * afterwards, because the worker acknowledges a task only once its result is stored. The body of
 * the outage chaos tests, one per backend.
 *
 * <p>Concurrency: used by the test's own thread only.
 */
final class BackendOutageDrill {

  private static final int TASKS = 2000;
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  /**
   * Shorter than the outage, so that some tasks exhaust their retries and go back to the queue, and
   * both ways of waiting for the backend are exercised; the longest backoff is short so the worker
   * notices the return promptly.
   */
  private static final String RETRY_TIMEOUT = "4s";

  private static final String MAX_BACKOFF = "1s";

  /** What the worker logs when the backend stores again, with the outage's figures. */
  private static final Pattern RECOVERED =
      Pattern.compile(
          "stores results again after ([\\d.]+)s \\((\\d+) failed attempt\\(s\\), (\\d+) task\\(s\\)"
              + " put back");

  private final WorkerProcessQueue drill;
  private final String name;
  private final String server;
  private final String storedAs;

  /**
   * @param drill the test's worker processes and queue
   * @param name the drill's name, for the worker's node name and the printed figures, e.g.
   *     "redis-outage"
   * @param server the backend server, for the printed figures, e.g. "Redis"
   * @param storedAs what {@link StoppableBackend#stored} counts, for the assertion, e.g. "result
   *     keys in Redis"
   */
  BackendOutageDrill(WorkerProcessQueue drill, String name, String server, String storedAs) {
    this.drill = drill;
    this.name = name;
    this.server = server;
    this.storedAs = storedAs;
  }

  /** Runs the drill against {@code backend}, which is running; asserts on what it saw. */
  void run(StoppableBackend backend) throws Exception {
    try (LaunchedWorker worker =
            drill
                .startWorker(
                    name + "@chaos",
                    "-c",
                    "10",
                    "--result-backend",
                    backend.url(),
                    "--result-retry-timeout",
                    RETRY_TIMEOUT,
                    "--result-retry-max-backoff",
                    MAX_BACKOFF)
                .awaitReady();
        Celeriac reader =
            Celeriac.builder().url(TestBroker.amqpUrl()).resultBackend(backend.url()).build()) {
      Instant begin = Instant.now();
      List<String> ids = new ArrayList<>();
      // Half before the outage; the other half sent while the backend is down, so however fast the
      // worker is, at least 1,000 tasks finish during the outage or after it.
      ids.addAll(send(0, TASKS / 2));
      long storedAtStop;
      while ((storedAtStop = backend.stored()) < TASKS / 4) {
        Thread.sleep(20);
      }
      backend.stop();
      Instant stopped = Instant.now();
      ids.addAll(send(TASKS / 2, TASKS));
      Thread.sleep(Math.max(0, OUTAGE.minus(Duration.between(stopped, Instant.now())).toMillis()));
      backend.restart();
      Instant back = Instant.now();
      Duration down = Duration.between(stopped, back);
      long storedAtRestart = backend.stored();
      while (backend.stored() == storedAtRestart
          && Duration.between(back, Instant.now()).toSeconds() < 60) {
        Thread.sleep(20);
      }
      // How long the worker takes to store again: its client's reconnection (a Redis client's
      // delay, a pool's replacing of broken connections) included.
      Duration resumed = Duration.between(back, Instant.now());

      for (int i = 0; i < TASKS; i++) {
        AsyncResult<Integer> result = reader.result(ids.get(i), Integer.class);
        assertThat(result.get(Duration.ofSeconds(60))).as("result of task %d", i).isEqualTo(3 * i);
      }
      Duration total = Duration.between(begin, Instant.now());

      Matcher recovered = RECOVERED.matcher(worker.output());
      int outages = 0;
      long failedAttempts = 0;
      long putBack = 0;
      List<String> lasted = new ArrayList<>();
      while (recovered.find()) {
        outages++;
        lasted.add(recovered.group(1) + " s");
        failedAttempts += Long.parseLong(recovered.group(2));
        putBack += Long.parseLong(recovered.group(3));
      }
      System.out.printf(
          "%s drill: %d tasks; %s down %d ms after %d results stored (%d kept after"
              + " the restart); first new result %d ms after it was back; all %d results read back"
              + " correct %d ms after the start; worker saw %d outage(s) lasting %s:"
              + " %d failed store attempts, %d task(s) put back in the queue; worker restarted: %s%n",
          name,
          TASKS,
          server,
          down.toMillis(),
          storedAtStop,
          storedAtRestart,
          resumed.toMillis(),
          TASKS,
          total.toMillis(),
          outages,
          lasted,
          failedAttempts,
          putBack,
          !worker.isAlive());
      assertThat(storedAtRestart)
          .as("results kept across the restart")
          .isGreaterThanOrEqualTo(storedAtStop);
      assertThat(backend.stored()).as(storedAs).isEqualTo(TASKS);
      assertThat(outages).as("outages the worker logged as ended").isGreaterThanOrEqualTo(1);
      assertThat(failedAttempts).as("store attempts that failed").isPositive();
      assertThat(worker.isAlive()).isTrue();
    }
  }

  /** Sends {@code it.mul(i, 3)} for i in [from, to); returns the task ids in order. */
  private List<String> send(int from, int to) {
    List<List<?>> calls = new ArrayList<>();
    for (int i = from; i < to; i++) {
      calls.add(List.of(i, 3));
    }
    return drill.app().task(TestTasks::mul).untyped().delayAll(calls).stream()
        .map(AsyncResult::id)
        .toList();
  }
}
