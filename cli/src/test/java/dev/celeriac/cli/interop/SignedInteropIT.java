package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.QueueType;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.Celeriac;
import dev.celeriac.worker.QueueFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed task messages both ways between Celeriac and Python Celery 5.2.6 configured with {@code
 * app.setup_security()}: Python signs as bob, Celeriac as alice, both trust both, with sha512 (a
 * digest other than the default, which Celery takes only as setup_security's argument).
 */
class SignedInteropIT {

  private static final String DIGEST = "sha512";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private QueueFixture fixture;
  private Path records;

  @BeforeEach
  void start() throws Exception {
    PythonCelery.requireWithSigning();
    records = Files.createTempDirectory("interop-signed");
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void pythonSignedTasksRunOnASigningCeleriacWorkerAndTheirResultsGoBack() throws Exception {
    fixture =
        QueueFixture.create("interop-signed-java")
            .withWorker(w -> w.concurrency(4).security(SigningFixtures.settings("alice", DIGEST)));

    JsonNode r =
        PythonInterop.drive(
            SigningFixtures.python("bob", DIGEST),
            TestBroker.amqpUrl(),
            records,
            "signed",
            fixture.queue);

    assertThat(r.path("serializer").asText()).isEqualTo("auth");
    assertThat(r.path("add").asInt()).isEqualTo(5);
    assertThat(r.path("echo_same").asBoolean()).as(r.toString()).isTrue();
    // The second step was published by the Celeriac worker, signed as alice, and ran.
    assertThat(r.path("chain").asInt()).isEqualTo(9);
    assertThat(fixture.takeDeadLetter()).as("nothing refused").isNull();
  }

  @Test
  void remoteControlToASigningCeleriacWorkerMustBeSigned() throws Exception {
    String node = "signed-" + java.util.UUID.randomUUID() + "@it";
    fixture =
        QueueFixture.create("interop-signed-control")
            .withWorker(w -> w.hostname(node).security(SigningFixtures.settings("alice", DIGEST)));

    // Python's celery inspect, signing as bob, gets a reply it accepts: signed by alice.
    ProcessBuilder inspect =
        PythonWorker.celery(records, "inspect", "ping", "-d", node, "-t", "10");
    inspect.environment().putAll(SigningFixtures.python("bob", DIGEST));
    Process p = inspect.redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(out).as(out).contains("->  " + node + ": OK").contains("pong");
    // An unsigned request is refused: no reply.
    assertThat(fixture.app.control().to(node).timeout(Duration.ofSeconds(2)).inspect().ping())
        .isEmpty();
    try (Celeriac signing =
        Celeriac.builder()
            .url(TestBroker.amqpUrl())
            .security(SigningFixtures.settings("bob", DIGEST))
            .build()) {
      assertThat(signing.control().to(node).timeout(Duration.ofSeconds(10)).inspect().ping())
          .containsKey(node);
    }
  }

  @Test
  void celeriacSignedTasksRunOnASigningPythonWorkerWhichRefusesUnsignedOnes() throws Exception {
    fixture = QueueFixture.create("interop-signed-py");
    var channel = fixture.channel();
    Topology.declareDeadLetterQueue(channel, fixture.queue, QueueType.CLASSIC);
    channel.close();
    Map<String, String> env = new HashMap<>(SigningFixtures.python("bob", DIGEST));
    env.put("INTEROP_DLX_QUEUE", fixture.queue);
    try (PythonWorker python = PythonWorker.start(fixture.queue, records, env, fixture::channel);
        Celeriac signing =
            Celeriac.builder()
                .url(TestBroker.amqpUrl())
                .defaultQueue(fixture.queue)
                .security(SigningFixtures.settings("alice", DIGEST))
                .build()) {

      assertThat(signing.task("py.add", Integer.class).delay(2, 3).get(WAIT)).isEqualTo(5);
      assertThat(signing.task("py.mul", Integer.class).delay(6, 7).get(WAIT)).isEqualTo(42);
      // Remote control is signed too: Celery's pidbox uses the task serializer and accept_content.
      String node = "py-" + fixture.queue + "@it";
      assertThat(signing.control().to(node).timeout(Duration.ofSeconds(10)).inspect().ping())
          .containsKey(node);

      // The same call unsigned: Celery refuses it in kombu's words and rejects it (dead-lettered).
      fixture.app.task("py.add", Integer.class).delay(1, 1);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  python
                      .output()
                      .contains(
                          "Refusing to deserialize untrusted content of type json"
                              + " (application/json)"));
      await()
          .atMost(WAIT)
          .until(() -> fixture.depth(Topology.deadLetterQueueName(fixture.queue)) == 1);
    }
  }
}
