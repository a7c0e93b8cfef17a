package dev.celeriac.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.celeriac.beat.schedule.Every;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two in-process beats: one sends; closing it hands over at once and leaves no thread behind. */
class BeatIT {

  @Test
  void closingTheSenderHandsOverAndLeavesNoThread() throws Exception {
    BrokerSettings broker = BrokerSettings.of(TestBroker.amqpUrl());
    String group = "it.beat-" + UUID.randomUUID().toString().substring(0, 8);
    BeatEntry entry =
        new BeatEntry(
            "e", "tasks.add", Every.seconds(1), null, null, group + ".ticks", null, null, null);
    BeatSettings.Builder settings = BeatSettings.builder().broker(broker).entry(entry).group(group);
    try (Beat first = Beat.start(settings.identity("first").build());
        Beat second = Beat.start(settings.identity("second").build())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> first.role() == BeatRole.SENDING || second.role() == BeatRole.SENDING);
      Beat sender = first.role() == BeatRole.SENDING ? first : second;
      Beat standby = sender == first ? second : first;
      assertThat(standby.role()).isEqualTo(BeatRole.STANDBY);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> Beat.status(broker, group) != null && !Beat.lastRuns(broker, group).isEmpty());
      BeatStatus status = Beat.status(broker, group);
      assertThat(status.sender()).isEqualTo(sender == first ? "first" : "second");
      assertThat(status.entries()).extracting(BeatStatus.Line::name).containsExactly("e");

      sender.close();
      assertThat(sender.role()).isEqualTo(BeatRole.STOPPED);
      await().atMost(Duration.ofSeconds(2)).until(() -> standby.role() == BeatRole.SENDING);
    } finally {
      try (Connection c = AmqpBeatBroker.open(broker, "it-cleanup")) {
        Channel ch = c.createChannel();
        for (String q : new String[] {".state", ".status", ".ticks"}) {
          ch.queueDelete(group + q);
        }
      }
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(
            n ->
                n.equals("celeriac-beat")
                    || n.startsWith("first-amqp")
                    || n.startsWith("second-amqp"));
  }
}
