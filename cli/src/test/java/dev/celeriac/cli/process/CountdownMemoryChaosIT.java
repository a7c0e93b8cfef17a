package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.worker.QueueFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 tasks due in an hour arrive on a worker's queue (as a Celery 5.2 client sends them): the
 * worker hands every one to the broker's delay queues, keeps nothing unacknowledged and its memory
 * does not grow with them.
 *
 * <p>Bounds, against the figures measured on the 2-core CI machine (docs/reliability.md), for a
 * worker JVM with a fixed, pre-touched {@value #HEAP_MIB} MiB heap: its heap in use after a full GC
 * grows by less than {@value #HEAP_GROWTH_LIMIT_MIB} MiB (measured: 8 MiB before and after), its
 * resident set by less than {@value #RSS_GROWTH_LIMIT_MIB} MiB (measured: 205 to 238 and 205 to 241
 * MiB in two runs, code compiled and metadata loaded on the way). Holding the 10,000 messages would
 * cost more than the heap bound (each is a delivery of about 1 KiB plus its decoded form), and a
 * thread per waiting task more than the resident-set bound.
 */
class CountdownMemoryChaosIT {

  private static final int TASKS = 10_000;
  private static final int HEAP_MIB = 128;

  /**
   * The delay level that holds them: an hour less the few minutes the drill takes is between 2^11
   * and 2^12 seconds, so each waits first in {@code celery_delayed_11}, for 2^11 s.
   */
  private static final int LEVEL = 11;

  /**
   * A fixed heap, touched in full at start: the resident set then starts with the whole heap in it,
   * and what it gains later is memory outside the heap (threads, buffers, code), which the heap
   * figure cannot show. Left to itself, the JVM commits heap as garbage accumulates (105 to 262 MiB
   * in this drill with the default heap sizing, for the same 9 MiB live), hiding any signal.
   */
  private static final List<String> WORKER_JVM =
      List.of("-Xms" + HEAP_MIB + "m", "-Xmx" + HEAP_MIB + "m", "-XX:+AlwaysPreTouch");

  private static final long HEAP_GROWTH_LIMIT_MIB = 16;
  private static final long RSS_GROWTH_LIMIT_MIB = 64;

  private QueueFixture fixture;
  private String queue;
  private Celeriac plainClient;

  @BeforeEach
  void start() {
    fixture =
        QueueFixture.create(
            "chaos-countdown",
            // Without broker delays, like Celery 5.2: eta messages go straight to the task queue.
            BrokerSettings.builder().url(TestBroker.amqpUrl()).brokerDelays(false).build());
    queue = fixture.queue;
    plainClient = fixture.app;
  }

  @AfterEach
  void stop() {
    // The delayed copies would wait an hour: drop the levels an hour's delay uses.
    var channel = fixture.channel();
    try {
      for (int level = 0; level <= LEVEL; level++) {
        channel.queuePurge(DelayedDelivery.levelName(level));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fixture.close();
  }

  /** The resident set of a process, from /proc (Linux). */
  private static long rssKiB(long pid) throws IOException {
    String status = Files.readString(Path.of("/proc/" + pid + "/status"));
    Matcher m = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
    if (!m.find()) {
      throw new AssertionError("no VmRSS in /proc/" + pid + "/status:\n" + status);
    }
    return Long.parseLong(m.group(1));
  }

  /** Heap used after a full GC, from jcmd (same JDK as this test). */
  private static long heapUsedKiB(long pid) throws Exception {
    String jcmd =
        Path.of(ProcessHandle.current().info().command().orElseThrow())
            .resolveSibling("jcmd")
            .toString();
    run(jcmd, String.valueOf(pid), "GC.run");
    String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new AssertionError("no heap figure in jcmd GC.heap_info of " + pid + ":\n" + info);
    }
    return Long.parseLong(m.group(1));
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  /**
   * Messages in each {@code celery_delayed_*} level, from passive declares: the broker's counts
   * now, not the management API's statistics of up to 5 s ago.
   */
  private long[] delayLevels() {
    long[] counts = new long[DelayedDelivery.LEVELS];
    for (int level = 0; level < DelayedDelivery.LEVELS; level++) {
      counts[level] = fixture.depth(DelayedDelivery.levelName(level));
    }
    return counts;
  }

  @Test
  void tenThousandHourLongCountdownsLeaveTheWorkerFlat() throws Exception {
    try (LaunchedWorker worker =
        WorkerProcess.start(
            WORKER_JVM, TestBroker.amqpUrl(), queue, "countdown@chaos", "-c", "8")) {
      worker.awaitReady();
      await().atMost(Duration.ofSeconds(60)).until(() -> fixture.consumers(queue) == 1);
      // The worker declared the delay levels; other tests may have left messages in them.
      long[] levelsBefore = delayLevels();
      long rssBefore = rssKiB(worker.pid());
      long heapBefore = heapUsedKiB(worker.pid());

      List<List<?>> calls = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        calls.add(List.of(i, i));
      }
      plainClient
          .task("it.add", Integer.class)
          .delayAll(
              calls,
              TaskOptions.builder().countdown(Duration.ofHours(1)).ignoreResult(true).build());

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  fixture.depth(queue) == 0
                      && fixture.depth(DelayedDelivery.levelName(LEVEL)) - levelsBefore[LEVEL]
                          >= TASKS);
      long[] levelsAfter = delayLevels();
      BrokerFigures.QueueFigures figures = BrokerFigures.queue(queue);
      long rssAfter = rssKiB(worker.pid());
      long heapAfter = heapUsedKiB(worker.pid());
      System.out.printf(
          "countdown drill: %d tasks due in 1 h; %s now holds %d more (every level before %s,"
              + " after %s); queue ready %d, unacked %d; worker RSS %d -> %d MiB,"
              + " heap after GC %d -> %d MiB%n",
          TASKS,
          DelayedDelivery.levelName(LEVEL),
          levelsAfter[LEVEL] - levelsBefore[LEVEL],
          Arrays.toString(levelsBefore),
          Arrays.toString(levelsAfter),
          figures.ready(),
          figures.unacknowledged(),
          rssBefore / 1024,
          rssAfter / 1024,
          heapBefore / 1024,
          heapAfter / 1024);

      assertThat(levelsAfter[LEVEL] - levelsBefore[LEVEL])
          .as("messages the worker moved into %s", DelayedDelivery.levelName(LEVEL))
          .isEqualTo(TASKS);
      assertThat(figures.ready()).isZero();
      assertThat(figures.unacknowledged()).isZero();
      // No per-task memory: 10,000 held tasks would cost far more than these.
      assertThat(heapAfter - heapBefore).isLessThan(HEAP_GROWTH_LIMIT_MIB * 1024);
      assertThat(rssAfter - rssBefore).isLessThan(RSS_GROWTH_LIMIT_MIB * 1024);
      assertThat(worker.isAlive()).isTrue();
    }
  }
}
