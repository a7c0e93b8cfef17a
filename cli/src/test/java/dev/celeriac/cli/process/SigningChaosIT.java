package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.cli.interop.SigningFixtures;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskProperties;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.security.SecuritySettings;
import dev.celeriac.worker.TestTasks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 1,000 task messages to a signing worker: 500 signed by a trusted key, 500 forged in five ways
 * (unsigned, tampered body, signed by an untrusted certificate, signed by another key than the
 * trusted certificate it names, signed by an expired certificate). Every good one runs; none of the
 * others does (the counter task never sees them) and each is dead-lettered with its reason.
 */
class SigningChaosIT {

  private static final int TOTAL = 1000;

  /** What is sent, in turn: five good ones, then one of each forgery. */
  private enum Kind {
    GOOD,
    UNSIGNED,
    TAMPERED,
    UNKNOWN_CERTIFICATE,
    WRONG_KEY,
    EXPIRED_CERTIFICATE;

    static Kind of(int i) {
      int slot = i % 10;
      return slot < 5 ? GOOD : values()[slot - 4];
    }
  }

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("chaos-signing");

  private final MessageSigning alice = SigningFixtures.settings("alice", "sha256").load();
  private final MessageSigning mallory =
      SecuritySettings.builder()
          .key(SigningFixtures.DIR.resolve("mallory.key"))
          .certificate(SigningFixtures.DIR.resolve("mallory.pem"))
          .certStore(SigningFixtures.DIR.resolve("mallory.pem").toString())
          .build()
          .load();
  // Its certificate ran out in 2021 and is still in the worker's store: signed while it was valid.
  private final MessageSigning expired =
      SigningFixtures.settings("expired", "sha256")
          .load(Clock.fixed(Instant.parse("2020-06-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void runsEveryGoodMessageAndDeadLettersEveryForgeryWithItsReason() throws Exception {
    TestTasks.RECORDED.clear();
    drill
        .fixture()
        .startWorker(w -> w.concurrency(8).security(SigningFixtures.settings("alice", "sha256")));
    Channel channel = WorkerClient.of(drill.app()).connection().createChannel();
    channel.confirmSelect();
    Map<String, Kind> sent = new HashMap<>();
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    long start = System.nanoTime();
    for (int i = 0; i < TOTAL; i++) {
      Kind kind = Kind.of(i);
      String id = UUID.randomUUID().toString();
      EncodedMessage message = forge(kind, record(id, i, kind == Kind.GOOD ? "good" : "bad"));
      channel.basicPublish("", drill.queue(), AmqpProperties.forTask(message), message.body());
      sent.put(id, kind);
      counts.merge(kind, 1, Integer::sum);
    }
    channel.waitForConfirmsOrDie(30_000);

    String dlq = Topology.deadLetterQueueName(drill.queue());
    int good = counts.get(Kind.GOOD);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestTasks.RECORDED.getOrDefault("good", List.of()).size() == good
                    && drill.fixture().depth(dlq) == TOTAL - good);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(TestTasks.RECORDED.get("good")).hasSize(good).doesNotHaveDuplicates();
    assertThat(TestTasks.RECORDED).as("no forgery ran").doesNotContainKey("bad");
    Map<String, Integer> perReason = new TreeMap<>();
    Map<Kind, Integer> deadPerKind = new EnumMap<>(Kind.class);
    GetResponse dead;
    while ((dead = channel.basicGet(dlq, true)) != null) {
      Map<String, Object> headers = dead.getProps().getHeaders();
      Kind kind = sent.get(String.valueOf(headers.get("id")));
      String reason = String.valueOf(headers.get(DeadLetterHeaders.REASON));
      assertThat(kind)
          .as("dead letter %s was a forgery", headers.get("id"))
          .isNotEqualTo(Kind.GOOD);
      assertThat(reason).as(kind.name()).startsWith(expectedReason(kind));
      deadPerKind.merge(kind, 1, Integer::sum);
      perReason.merge(reason.replaceAll(": '.*|: InvalidSignature.*", ""), 1, Integer::sum);
    }
    System.out.printf(
        "signing drill: %d messages in %.1f s; sent %s; ran %d; dead-lettered per reason %s%n",
        TOTAL, seconds, counts, TestTasks.RECORDED.get("good").size(), perReason);
    for (Kind kind : Kind.values()) {
      if (kind != Kind.GOOD) {
        assertThat(deadPerKind.get(kind)).as(kind.name()).isEqualTo(counts.get(kind));
      }
    }
    assertThat(perReason)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "Refusing to deserialize untrusted content of type json (application/json)", 100,
                "Bad signature", 200,
                "Unknown certificate", 100,
                "Expired certificate", 100));
  }

  private String expectedReason(Kind kind) {
    return switch (kind) {
      case UNSIGNED -> "Refusing to deserialize untrusted content of type json (application/json)";
      case TAMPERED, WRONG_KEY -> "Bad signature: InvalidSignature() (signer '" + alice.signer();
      case UNKNOWN_CERTIFICATE -> "Unknown certificate: '" + mallory.signer() + "'";
      case EXPIRED_CERTIFICATE -> "Expired certificate: '" + expired.signer() + "'";
      case GOOD -> throw new AssertionError("a good message was dead-lettered");
    };
  }

  /** A plain JSON call of {@code it.record(value, key)}, which counts what runs. */
  private static EncodedMessage record(String id, int value, String key) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("task", "it.record");
    headers.put("id", id);
    headers.put("root_id", id);
    String body =
        "[["
            + (10_000 + value)
            + ", \""
            + key
            + "\"], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]";
    return new EncodedMessage(
        headers,
        new TaskProperties(id, null, 0, 2, null, TaskProperties.JSON, TaskProperties.UTF_8),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private EncodedMessage forge(Kind kind, EncodedMessage plain) {
    return switch (kind) {
      case GOOD -> alice.seal(plain);
      case UNSIGNED -> plain;
      // Signed, then the argument changed from 1xxxx to 9xxxx.
      case TAMPERED -> rewrite(alice.seal(plain), "[[1", "[[9");
      case UNKNOWN_CERTIFICATE -> mallory.seal(plain);
      // Mallory's signature under alice's name.
      case WRONG_KEY -> rewrite(mallory.seal(plain), mallory.signer(), alice.signer());
      case EXPIRED_CERTIFICATE -> expired.seal(plain);
    };
  }

  /** The signed message with {@code from} replaced in its decoded payload. */
  private static EncodedMessage rewrite(EncodedMessage signed, String from, String to) {
    String raw = new String(Base64.getDecoder().decode(signed.body()), StandardCharsets.ISO_8859_1);
    assertThat(raw).contains(from);
    byte[] forged = raw.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    return new EncodedMessage(
        signed.headers(), signed.properties(), Base64.getEncoder().encode(forged));
  }
}
