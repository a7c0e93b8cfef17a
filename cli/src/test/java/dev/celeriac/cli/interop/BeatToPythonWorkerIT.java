package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.beat.Beat;
import dev.celeriac.beat.BeatEntry;
import dev.celeriac.beat.BeatSettings;
import dev.celeriac.beat.schedule.Every;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.protocol.CeleryTime;
import dev.celeriac.worker.QueueFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A Python Celery 5.2.6 worker runs what the beat sends, and sees the beat's headers. */
class BeatToPythonWorkerIT {

  @Test
  void pythonWorkerRunsBeatTicksAndReadsTheirEntryAndScheduledTime() throws Exception {
    PythonCelery.require();
    Path records = Files.createTempDirectory("interop-beat");
    String key = "beat-" + UUID.randomUUID();
    String group = "it.beat-py-" + UUID.randomUUID().toString().substring(0, 8);
    try (QueueFixture fixture = QueueFixture.create("interop-beat");
        PythonWorker python =
            PythonWorker.start(fixture.queue, records, Map.of(), fixture::channel)) {
      BeatEntry entry =
          new BeatEntry(
              "py-every-second",
              "py.beat_tick",
              Every.seconds(1),
              JsonNodeFactory.instance.arrayNode().add(key),
              null,
              fixture.queue,
              Duration.ofSeconds(30),
              null,
              null);
      BeatSettings settings =
          BeatSettings.builder()
              .broker(BrokerSettings.of(TestBroker.amqpUrl()))
              .entry(entry)
              .group(group)
              .build();
      try (Beat beat = Beat.start(settings)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> lines(records.resolve(key)).size() >= 2);
      } finally {
        try (var channel = fixture.channel()) {
          channel.queueDelete(group + ".state");
          channel.queueDelete(group + ".status");
        }
      }
      List<String> lines = lines(records.resolve(key));
      for (String line : lines) {
        String[] parts = line.replace("'", "").split("\\|");
        assertThat(parts[0]).as(line).isEqualTo("py-every-second");
        assertThat(CeleryTime.parse(parts[1])).as(line).isNotNull();
      }
      assertThat(lines).doesNotHaveDuplicates();
    }
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
