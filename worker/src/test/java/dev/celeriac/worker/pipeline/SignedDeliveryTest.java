package dev.celeriac.worker.pipeline;

import static dev.celeriac.worker.pipeline.PipelineHarness.QUEUE;
import static dev.celeriac.worker.pipeline.PipelineHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.security.SecuritySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker with signing on runs only what a trusted key signed; the rest is dead-lettered. */
class SignedDeliveryTest {

  // The fixtures of task-api's signing tests (scripts/make-signing-fixtures.py).
  private static final Path FIXTURES =
      Path.of("..", "task-api", "src", "test", "resources", "security");

  private final MessageSigning alice = load("alice", FIXTURES.resolve("store") + "/*.pem");
  private final MessageSigning mallory =
      load("mallory", FIXTURES.resolve("mallory.pem").toString());
  private final PipelineHarness harness = PipelineHarness.signing(alice);

  private static MessageSigning load(String who, String store) {
    return SecuritySettings.builder()
        .key(FIXTURES.resolve(who + ".key"))
        .certificate(FIXTURES.resolve(who + ".pem"))
        .certStore(store)
        .build()
        .load();
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private void awaitSettled(String id) {
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.broker.settled(id));
  }

  private String deadLetterReason() {
    assertThat(harness.broker.copies).hasSize(1);
    MessageCopy copy = harness.broker.copies.getFirst();
    assertThat(copy.exchange()).isEqualTo(Topology.DEAD_LETTER_EXCHANGE);
    assertThat(copy.routingKey()).isEqualTo(QUEUE);
    return copy.properties().getHeaders().get(DeadLetterHeaders.REASON).toString();
  }

  @Test
  void runsAMessageSignedByATrustedCertificate() {
    String id = harness.deliverSealed(call("p.add", 2, 3), alice::seal);

    awaitSettled(id);
    assertThat(harness.broker.about(id)).containsExactly("store SUCCESS " + id, "ack " + id);
    assertThat(harness.broker.resultsOf(id).getFirst().result().asInt()).isEqualTo(5);
  }

  @Test
  void deadLettersAnUnsignedMessageWithoutRunningIt() {
    String id = harness.deliverSealed(call("p.add", 2, 3), UnaryOperator.identity());

    awaitSettled(id);
    assertThat(harness.broker.about(id)).containsExactly("ack " + id);
    assertThat(deadLetterReason())
        .isEqualTo("Refusing to deserialize untrusted content of type json (application/json)");
    assertThat(harness.broker.results).isEmpty();
    assertThat(harness.heard)
        .as("never ran: only the dead letter was heard of")
        .containsExactly(
            "dead-lettered Refusing to deserialize untrusted content of type json (application/json)");
  }

  @Test
  void deadLettersATamperedBody() {
    String id = harness.deliverSealed(call("p.add", 2, 3), m -> tamper(alice.seal(m)));

    awaitSettled(id);
    assertThat(deadLetterReason()).startsWith("Bad signature: InvalidSignature()");
    assertThat(harness.broker.results).isEmpty();
  }

  @Test
  void deadLettersAMessageSignedByAnUnknownCertificate() {
    String id = harness.deliverSealed(call("p.add", 2, 3), mallory::seal);

    awaitSettled(id);
    assertThat(deadLetterReason()).isEqualTo("Unknown certificate: '" + mallory.signer() + "'");
    assertThat(harness.broker.results).isEmpty();
  }

  /** {@code 3} becomes {@code 4} in the signed JSON body, the signature left as it was. */
  private static EncodedMessage tamper(EncodedMessage signed) {
    byte[] raw = Base64.getDecoder().decode(signed.body());
    String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.lastIndexOf("[[2, 3]");
    assertThat(at).isPositive();
    raw[at + 5] = '4';
    return new EncodedMessage(
        signed.headers(), signed.properties(), Base64.getEncoder().encode(raw));
  }
}
