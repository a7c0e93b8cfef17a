package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.worker.QueueFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code celeriac call} and {@code celeriac purge} against a real broker. */
class CallAndPurgeCommandIT {

  private QueueFixture fixture;
  private StringWriter out;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-call");
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

  @Test
  void callWaitsForTheResultOfATaskByName() {
    fixture.withWorker(w -> w.concurrency(1));
    assertThat(cli("call", "it.add", "--args", "[5, 5]", "-Q", fixture.queue, "--wait")).isZero();
    assertThat(out.toString().strip().lines().toList()).hasSize(2).last().isEqualTo("10");
    assertThat(
            cli(
                "call",
                "it.add",
                "--kwargs",
                "{\"x\": 1, \"y\": 2}",
                "-Q",
                fixture.queue,
                "--wait",
                "--json"))
        .isZero();
    assertThat(out.toString()).contains("\"state\":\"SUCCESS\"").contains("\"result\":3");
  }

  @Test
  void callReportsAFailedTaskWithExitCodeOne() {
    fixture.withWorker(w -> w.concurrency(1));
    assertThat(cli("call", "it.fail", "--args", "[\"boom\"]", "-Q", fixture.queue, "--wait"))
        .isEqualTo(1);
    assertThat(out.toString()).contains("FAILURE java.lang.IllegalStateException");
  }

  @Test
  void callRejectsArgumentsThatAreNotAJsonArray() {
    assertThat(cli("call", "it.add", "--args", "{\"x\": 1}", "-Q", fixture.queue)).isEqualTo(2);
    assertThat(out.toString()).contains("--args must be a JSON array");
  }

  @Test
  void purgeAsksFirstAndDropsWaitingTasks() {
    for (int i = 0; i < 3; i++) {
      assertThat(cli("call", "it.add", "--args", "[1, 1]", "-Q", fixture.queue)).isZero();
    }
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(cli("purge", "-Q", fixture.queue)).isEqualTo(1);
      assertThat(out.toString()).contains("Purge 3 message(s)").contains("not purged");
      assertThat(fixture.depth(fixture.queue)).isEqualTo(3);
    } finally {
      System.setIn(stdin);
    }
    assertThat(cli("purge", "-Q", fixture.queue, "-f")).isZero();
    assertThat(out.toString()).contains("purged 3 message(s) from " + fixture.queue);
    assertThat(fixture.depth(fixture.queue)).isZero();
  }
}
