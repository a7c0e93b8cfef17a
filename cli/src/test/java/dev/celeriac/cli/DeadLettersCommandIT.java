package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
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
}
