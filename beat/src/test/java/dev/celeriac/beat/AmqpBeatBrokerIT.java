package dev.celeriac.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.beat.schedule.Every;
import dev.celeriac.broker.BrokerException;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.security.AuthSerializer;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.security.SecuritySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lock and the last-run state on a real RabbitMQ. */
class AmqpBeatBrokerIT {

  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  private final BrokerSettings settings = BrokerSettings.of(TestBroker.amqpUrl());
  private final String group = "it.beat-broker-" + UUID.randomUUID().toString().substring(0, 8);
  private final AmqpBeatBroker a = broker("a");
  private final AmqpBeatBroker b = broker("b");

  private AmqpBeatBroker broker(String name) {
    return new AmqpBeatBroker(settings, group, "beat-" + name, Clock.systemUTC());
  }

  @AfterEach
  void cleanUp() throws Exception {
    a.close();
    b.close();
    try (Connection c = AmqpBeatBroker.open(settings, "it-cleanup")) {
      Channel ch = c.createChannel();
      ch.queueDelete(AmqpBeatBroker.stateQueue(group));
      ch.queueDelete(AmqpBeatBroker.statusQueue(group));
      ch.queueDelete(group + ".ticks");
    }
  }

  @Test
  void oneHoldsTheLockUntilItsConnectionCloses() {
    assertThat(a.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    assertThat(a.tryAcquire()).as("the holder again").isTrue();
    a.writeLastRuns(Map.of("e", T));
    a.release();
    await().atMost(Duration.ofSeconds(5)).until(b::tryAcquire);
    assertThat(b.readLastRuns()).isEqualTo(Map.of("e", T));
    assertThatThrownBy(() -> a.writeLastRuns(Map.of("e", T.plusSeconds(1))))
        .as("a sender that lost the lock cannot write")
        .isInstanceOf(BrokerException.class);
  }

  @Test
  void aSenderWhoseConnectionTheBrokerClosedLosesTheLockAndCannotSend() {
    assertThat(a.tryAcquire()).isTrue();
    a.writeLastRuns(Map.of("e", T));
    // What a lost network looks like to the broker: it closes the connection (after missed
    // heartbeats); here at once, from the broker's side.
    String pid =
        TestBroker.rabbitmqctl("-q", "list_connections", "pid", "client_properties")
            .lines()
            .filter(l -> l.contains("\"beat-a\""))
            .map(l -> l.split("\t")[0].strip())
            .findFirst()
            .orElseThrow();
    TestBroker.rabbitmqctl("close_connection", pid, "drill: network lost");
    await().atMost(Duration.ofSeconds(5)).until(b::tryAcquire);
    assertThatThrownBy(
            () ->
                a.send(
                    new BeatEntry(
                        "e", "t", Every.seconds(1), null, null, group + ".ticks", null, null, null),
                    T.plusSeconds(1)))
        .isInstanceOf(BrokerException.class);
    assertThat(b.readLastRuns()).isEqualTo(Map.of("e", T));
  }

  @Test
  void keepsOnlyTheLatestStateAndReadingLeavesItThere() {
    assertThat(a.tryAcquire()).isTrue();
    for (int i = 1; i <= 5; i++) {
      a.writeLastRuns(Map.of("e", T.plusSeconds(i)));
    }
    assertThat(a.readLastRuns()).isEqualTo(Map.of("e", T.plusSeconds(5)));
    assertThat(a.readLastRuns()).as("read twice").isEqualTo(Map.of("e", T.plusSeconds(5)));
    assertThat(Beat.lastRuns(settings, group)).isEqualTo(Map.of("e", T.plusSeconds(5)));
  }

  @Test
  void aReaderHoldingTheStateWhileTheSenderWritesLosesNothing() throws Exception {
    assertThat(a.tryAcquire()).isTrue();
    a.writeLastRuns(Map.of("e", T.plusSeconds(1), "f", T));
    try (Connection c = AmqpBeatBroker.open(settings, "it-reader")) {
      Channel reader = c.createChannel();
      GetResponse held = reader.basicGet(AmqpBeatBroker.stateQueue(group), false);
      assertThat(held).isNotNull();
      a.writeLastRuns(Map.of("e", T.plusSeconds(2), "f", T));
      reader.basicNack(held.getEnvelope().getDeliveryTag(), false, true); // the old copy back
    }
    assertThat(a.readLastRuns()).isEqualTo(Map.of("e", T.plusSeconds(2), "f", T));
  }

  @Test
  void sendsATickWithItsEntryAndScheduledTimeHeaders() throws Exception {
    String queue = group + ".ticks";
    assertThat(a.tryAcquire()).isTrue();
    BeatEntry entry =
        new BeatEntry("e", "tasks.add", Every.seconds(1), null, null, queue, null, 4, null);
    a.send(entry, T);
    try (Connection c = AmqpBeatBroker.open(settings, "it-consumer")) {
      GetResponse r = c.createChannel().basicGet(queue, true);
      assertThat(r).isNotNull();
      Map<String, Object> h = r.getProps().getHeaders();
      assertThat(h.get("task").toString()).isEqualTo("tasks.add");
      assertThat(h.get(BeatMessages.ENTRY_HEADER).toString()).isEqualTo("e");
      assertThat(h.get(BeatMessages.SCHEDULED_HEADER).toString())
          .isEqualTo("2030-01-01T00:00:00+00:00");
      assertThat(r.getProps().getPriority()).isEqualTo(4);
      assertThat(new String(r.getBody(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(
              "[[], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]");
    }
  }

  @Test
  void aSigningBeatSendsTicksThatAWorkersStoreVerifies() throws Exception {
    String queue = group + ".ticks";
    java.nio.file.Path dir =
        java.nio.file.Path.of("..", "task-api", "src", "test", "resources", "security")
            .toAbsolutePath()
            .normalize();
    MessageSigning alice =
        SecuritySettings.builder()
            .key(dir.resolve("alice.key"))
            .certificate(dir.resolve("alice.pem"))
            .certStore(dir.resolve("store") + "/*.pem")
            .build()
            .load();
    AmqpBeatBroker signing =
        new AmqpBeatBroker(settings, group, "beat-s", Clock.systemUTC(), alice);
    try {
      assertThat(signing.tryAcquire()).isTrue();
      signing.send(
          new BeatEntry("e", "tasks.add", Every.seconds(1), null, null, queue, null, null, null),
          T);
      try (Connection c = AmqpBeatBroker.open(settings, "it-consumer")) {
        GetResponse r = c.createChannel().basicGet(queue, true);
        assertThat(r).isNotNull();
        assertThat(r.getProps().getContentType()).isEqualTo(AuthSerializer.CONTENT_TYPE);
        assertThat(r.getProps().getHeaders().get("task").toString()).isEqualTo("tasks.add");
        AuthSerializer.Unpacked opened = alice.open(r.getProps().getContentType(), r.getBody());
        assertThat(new String(opened.body(), java.nio.charset.StandardCharsets.UTF_8))
            .startsWith("[[], {}, {");
      }
    } finally {
      signing.close();
    }
  }
}
