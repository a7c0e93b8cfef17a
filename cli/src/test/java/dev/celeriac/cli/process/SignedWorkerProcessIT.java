package dev.celeriac.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.cli.CeleriacCommand;
import dev.celeriac.cli.interop.SigningFixtures;
import dev.celeriac.cli.launcher.LaunchedWorker;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.security.SecuritySettings;
import dev.celeriac.state.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code celeriac worker --security-*}: runs what a trusted key signed; unsigned messages and
 * messages signed by a certificate it does not trust are dead-lettered with the reason, logged at
 * ERROR and never run; signing that does not fit stops the worker at start.
 */
class SignedWorkerProcessIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension final WorkerProcessQueue drill = new WorkerProcessQueue("signed-worker");

  private Celeriac app(SecuritySettings security) {
    return Celeriac.builder()
        .url(TestBroker.amqpUrl())
        .defaultQueue(drill.queue())
        .security(security)
        .build();
  }

  @Test
  void deadLettersUnsignedAndUnknownCertificateMessagesWithoutRunningThem() throws Exception {
    SecuritySettings mallory =
        SecuritySettings.builder()
            .key(SigningFixtures.DIR.resolve("mallory.key"))
            .certificate(SigningFixtures.DIR.resolve("mallory.pem"))
            .certStore(SigningFixtures.DIR.resolve("mallory.pem").toString())
            .build();
    try (LaunchedWorker worker =
            drill.startWorker("signed@it", SigningFixtures.options("alice", "sha256"));
        Celeriac alice = app(SigningFixtures.settings("alice", "sha256"));
        Celeriac unknown = app(mallory)) {
      worker.awaitReady();
      AsyncResult<Integer> unsigned = drill.app().task("it.add", Integer.class).delay(1, 1);
      AsyncResult<Integer> untrusted = unknown.task("it.add", Integer.class).delay(2, 2);
      AsyncResult<Integer> signed = alice.task("it.add", Integer.class).delay(3, 3);

      assertThat(signed.get(WAIT)).isEqualTo(6);
      String dlq = Topology.deadLetterQueueName(drill.queue());
      await().atMost(WAIT).until(() -> drill.fixture().depth(dlq) == 2);
      Map<String, String> reasons = new HashMap<>();
      var channel = drill.fixture().channel();
      GetResponse dead;
      while ((dead = channel.basicGet(dlq, true)) != null) {
        Map<String, Object> headers = dead.getProps().getHeaders();
        reasons.put(
            String.valueOf(headers.get("id")),
            String.valueOf(headers.get(DeadLetterHeaders.REASON)));
      }
      assertThat(reasons)
          .containsEntry(
              unsigned.id(),
              "Refusing to deserialize untrusted content of type json (application/json)")
          .containsEntry(
              untrusted.id(),
              "Unknown certificate: 'GB Celeriac Test Signing mallory mallory@example.org"
                  + " 5373003642731685151011'");
      // Never ran: no result (rpc://) ever came for them, while the signed one's did.
      assertThat(unsigned.state()).isEqualTo(TaskState.PENDING);
      assertThat(untrusted.state()).isEqualTo(TaskState.PENDING);
      String log = worker.output();
      assertThat(log)
          .contains("Message signing on: signing as 'GB Celeriac Test Signing alice")
          .contains("Trusted certificate 'GB Celeriac Test Signing expired")
          .contains("ERROR")
          .contains("Refusing a task message on queue " + drill.queue() + " (id " + unsigned.id())
          .contains("(id " + untrusted.id() + "): Unknown certificate");
      assertThat(log).doesNotContain("Task it.add[" + unsigned.id() + "] received");
    }
  }

  @Test
  void callAndInspectSignWithTheEnvironmentsKeys() throws Exception {
    try (LaunchedWorker worker =
        drill.startWorker("signed-env@it", SigningFixtures.options("alice", "sha256"))) {
      worker.awaitReady();
      Map<String, String> env =
          Map.of(
              "CELERIAC_BROKER_URL", TestBroker.amqpUrl(),
              "CELERIAC_SECURITY_KEY", SigningFixtures.DIR.resolve("bob.key").toString(),
              "CELERIAC_SECURITY_CERTIFICATE", SigningFixtures.DIR.resolve("bob.pem").toString(),
              "CELERIAC_SECURITY_CERT_STORE", SigningFixtures.STORE);
      StringWriter out = new StringWriter();
      var cli = CeleriacCommand.commandLine(env);
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(out));

      assertThat(cli.execute("call", "it.add", "-a", "[4, 5]", "-Q", drill.queue(), "-w"))
          .as(out.toString())
          .isZero();
      assertThat(out.toString())
          .as("the id, then the result")
          .containsPattern("[0-9a-f-]{36}\\R9\\R");
      assertThat(cli.execute("inspect", "ping", "-d", "signed-env@it", "-t", "3s"))
          .as(out.toString())
          .isZero();
      assertThat(out.toString()).contains("->  signed-env@it: OK");
      assertThat(drill.fixture().depth(Topology.deadLetterQueueName(drill.queue()))).isZero();
    }
  }

  @Test
  void aKeyThatDoesNotBelongToTheCertificateStopsTheWorkerAtStart() throws Exception {
    String[] options = SigningFixtures.options("alice", "sha256");
    options[3] = SigningFixtures.DIR.resolve("bob.pem").toString(); // --security-certificate
    try (LaunchedWorker worker = drill.startWorker("mismatch@it", options)) {
      int exit = worker.awaitExit(WAIT);
      assertThat(exit).isNotZero();
      assertThat(worker.output())
          .contains("does not belong to security certificate")
          .contains("give the certificate issued for this key");
    }
  }
}
