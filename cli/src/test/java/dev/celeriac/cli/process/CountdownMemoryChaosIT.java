package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.DelayedDelivery;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.worker.QueueFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
 */
class CountdownMemoryChaosIT {

  private static final int TASKS = 10_000;

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
      for (int level = 0; level < 12; level++) {
        channel.queuePurge(DelayedDelivery.levelName(level));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    fixture.close();
  }

  private static long rssKiB(long pid) throws Exception {
    Matcher m =
        Pattern.compile("VmRSS:\\s+(\\d+) kB")
            .matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
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
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private JsonNode queueStats() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + TestBroker.host()
                        + ":"
                        + TestBroker.managementPort()
                        + "/api/queues/%2F/"
                        + URLEncoder.encode(queue, StandardCharsets.UTF_8)))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    return CeleryJson.read(response.body());
  }

  @Test
  void tenThousandHourLongCountdownsLeaveTheWorkerFlat() throws Exception {
    try (WorkerProcess worker =
        WorkerProcess.start(TestBroker.amqpUrl(), queue, "countdown@chaos", "-c", "8")) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> queueStats().path("consumers").asInt() == 1);
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
              () -> {
                JsonNode q = queueStats();
                return q.path("messages").asInt(-1) == 0
                    && q.path("messages_unacknowledged").asInt(-1) == 0;
              });
      long rssAfter = rssKiB(worker.pid());
      long heapAfter = heapUsedKiB(worker.pid());
      JsonNode stats = queueStats();
      System.out.printf(
          "countdown drill: %d tasks due in 1 h moved to the broker; queue ready %d, unacked %d; worker RSS %d -> %d MiB,"
              + " heap after GC %d -> %d MiB%n",
          TASKS,
          stats.path("messages").asInt(),
          stats.path("messages_unacknowledged").asInt(),
          rssBefore / 1024,
          rssAfter / 1024,
          heapBefore / 1024,
          heapAfter / 1024);
      assertThat(stats.path("messages_unacknowledged").asInt()).isZero();
      // No per-task memory: 10,000 held tasks would cost far more than this.
      assertThat(heapAfter - heapBefore).isLessThan(16 * 1024);
      assertThat(worker.isAlive()).isTrue();
    }
  }
}
