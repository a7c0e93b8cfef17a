package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.cli.interop.SigningFixtures;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.security.SecuritySettings;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code celeriac dead-letters} against a real dead-letter queue. */
class DeadLettersCommandIT {

  private StringWriter out;

  private QueueFixture fixture;
  private String queue;
  private Celeriac app;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-dlq-cli");
    queue = fixture.queue;
    app = fixture.app;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private int cli(String... args) {
    out = new StringWriter();
    var cli = CeleriacCommand.commandLine(Map.of("CELERIAC_BROKER_URL", TestBroker.amqpUrl()));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    return cli.execute(args);
  }

  private Worker worker() {
    return fixture.startWorker(w -> w.concurrency(1));
  }

  private long depth(String name) {
    return fixture.depth(name);
  }

  @Test
  void listsReplaysAndPurgesDeadLetters() throws Exception {
    String dlq = Topology.deadLetterQueueName(queue);
    Worker worker = worker();
    AsyncResult<Object> unknown = app.task("it.unknown", Object.class).delay(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> depth(dlq) == 1);
    worker.shutdown();

    assertThat(cli("dead-letters", "list", "-Q", queue)).isZero();
    assertThat(out.toString())
        .contains("it.unknown[" + unknown.id() + "]")
        .contains("task 'it.unknown' is not registered on this worker")
        .contains("1 dead letter(s) shown");
    assertThat(depth(dlq)).as("list leaves them in place").isEqualTo(1);

    assertThat(cli("dead-letters", "replay", "-Q", queue, "--id", unknown.id())).isZero();
    assertThat(out.toString()).contains("replayed 1 message(s)");
    assertThat(depth(dlq)).isZero();
    var channel = WorkerClient.of(app).connection().createChannel();
    GetResponse replayed = channel.basicGet(queue, false);
    assertThat(replayed.getProps().getHeaders()).doesNotContainKey("x-celeriac-dead-letter-reason");
    assertThat(replayed.getProps().getHeaders().get("id").toString()).isEqualTo(unknown.id());
    channel.close(); // returns it to the queue

    worker = worker(); // dead-letters it again
    await().atMost(Duration.ofSeconds(20)).until(() -> depth(dlq) == 1);
    worker.shutdown();
    assertThat(cli("dead-letters", "purge", "-Q", queue, "-f")).isZero();
    assertThat(out.toString()).contains("purged 1 message(s)");
    assertThat(depth(dlq)).isZero();
  }

  @Test
  void replayHoldsBackWhatSigningRefusedUnlessItsOriginalSignedBodyVerifies() throws Exception {
    String dlq = Topology.deadLetterQueueName(queue);
    SecuritySettings mallory =
        SecuritySettings.builder()
            .key(SigningFixtures.DIR.resolve("mallory.key"))
            .certificate(SigningFixtures.DIR.resolve("mallory.pem"))
            .certStore(SigningFixtures.DIR.resolve("mallory.pem").toString())
            .build();
    Worker worker =
        fixture.startWorker(
            w -> w.concurrency(1).security(SigningFixtures.settings("alice", "sha256")));
    AsyncResult<Object> unsigned = app.task("it.add", Object.class).delay(1, 1);
    AsyncResult<Object> untrusted;
    try (Celeriac signedByMallory =
        Celeriac.builder()
            .url(TestBroker.amqpUrl())
            .defaultQueue(queue)
            .security(mallory)
            .build()) {
      untrusted = signedByMallory.task("it.add", Object.class).delay(2, 2);
      await().atMost(Duration.ofSeconds(20)).until(() -> depth(dlq) == 2);
    }
    worker.shutdown();
    var channel = WorkerClient.of(app).connection().createChannel();
    byte[] original = null;
    GetResponse peek;
    while ((peek = channel.basicGet(dlq, false)) != null) {
      assertThat(peek.getProps().getHeaders())
          .containsEntry("x-celeriac-dead-letter-untrusted", true);
      if (peek.getProps().getHeaders().get("id").toString().equals(untrusted.id())) {
        original = peek.getBody();
      }
    }
    channel.close(); // returns both

    assertThat(cli("dead-letters", "replay", "-Q", queue)).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("replayed 0 message(s)").contains("held back 2 message(s)");
    // The replayer's own trusted key does not make them trusted: replay never signs.
    assertThat(cli(withOptions(SigningFixtures.options("alice", "sha256"), "-Q", queue)))
        .isEqualTo(1);
    assertThat(out.toString()).contains("replayed 0 message(s)").contains("held back 2 message(s)");
    assertThat(depth(dlq)).isEqualTo(2);
    assertThat(depth(queue)).isZero();

    // Once the store trusts mallory, the letter mallory signed goes back exactly as it came.
    String[] trustingMallory = {
      "--security-key", SigningFixtures.DIR.resolve("mallory.key").toString(),
      "--security-certificate", SigningFixtures.DIR.resolve("mallory.pem").toString(),
      "--security-cert-store", SigningFixtures.DIR.resolve("mallory.pem").toString()
    };
    assertThat(cli(withOptions(trustingMallory, "-Q", queue))).isEqualTo(1);
    assertThat(out.toString()).contains("replayed 1 message(s)").contains("held back 1 message(s)");
    assertThat(depth(dlq)).as("the unsigned one stays").isEqualTo(1);
    channel = WorkerClient.of(app).connection().createChannel();
    GetResponse replayed = channel.basicGet(queue, true);
    assertThat(replayed.getProps().getHeaders().get("id").toString()).isEqualTo(untrusted.id());
    assertThat(replayed.getProps().getHeaders())
        .doesNotContainKey("x-celeriac-dead-letter-untrusted");
    assertThat(replayed.getBody()).as("byte for byte, not re-signed").isEqualTo(original);
    assertThat(channel.basicGet(dlq, true).getProps().getHeaders().get("id").toString())
        .isEqualTo(unsigned.id());
    channel.close();
  }

  private static String[] withOptions(String[] security, String... more) {
    List<String> args = new ArrayList<>(List.of("dead-letters", "replay"));
    args.addAll(List.of(security));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
