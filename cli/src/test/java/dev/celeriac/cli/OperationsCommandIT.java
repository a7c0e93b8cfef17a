package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.worker.QueueFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code celeriac inspect}, {@code control}, {@code events} and {@code result} on a live worker.
 */
class OperationsCommandIT {

  private QueueFixture fixture;
  private String node;

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-ops");
    node = "ops-" + UUID.randomUUID() + "@it";
    fixture.withWorker(w -> w.concurrency(2).hostname(node).taskEvents(true));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = CeleriacCommand.commandLine(Map.of("CELERIAC_BROKER_URL", TestBroker.amqpUrl()));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void inspectPrintsRepliesAsCeleryDoesOrAsJson() {
    Run ping = cli("inspect", "ping", "-d", node, "-t", "5s");
    assertThat(ping.code()).isZero();
    assertThat(ping.out())
        .contains("->  " + node + ": OK")
        .contains("pong")
        .contains("1 node online.");

    Run registered = cli("inspect", "registered", "-d", node, "-t", "5s", "--json");
    assertThat(registered.code()).isZero();
    var json = CeleryJson.read(registered.out().strip().getBytes(StandardCharsets.UTF_8));
    assertThat(json.path(node).toString()).contains("it.add");

    for (String method : InspectCommand.METHODS) {
      assertThat(cli("inspect", method, "-d", node, "-t", "5s").code()).as(method).isZero();
    }
  }

  @Test
  void inspectWithoutRepliesExitsOneAndBadMethodExitsTwo() {
    Run nobody = cli("inspect", "ping", "-d", "nobody-" + UUID.randomUUID() + "@it", "-t", "300ms");
    assertThat(nobody.code()).isEqualTo(1);
    assertThat(nobody.err()).contains("No nodes replied");
    assertThat(cli("inspect", "everything").code()).isEqualTo(2);
    assertThat(cli("control", "rate_limit", "it.add").code()).isEqualTo(2);
  }

  @Test
  void controlCommandsReachTheWorker() {
    Run limit = cli("control", "rate_limit", "it.add", "10/m", "-d", node, "-t", "5s");
    assertThat(limit.code()).isZero();
    assertThat(limit.out()).contains("new rate limit set successfully");
    Run unknown = cli("control", "rate_limit", "no.such", "10/m", "-d", node, "-t", "5s", "--json");
    assertThat(unknown.out()).contains("\"error\":\"unknown task\"");
    String extra = fixture.queue + "-cli";
    Run add = cli("control", "add_consumer", extra, "-d", node, "-t", "5s");
    assertThat(add.out()).contains("add consumer " + extra);
    Run cancel = cli("control", "cancel_consumer", extra, "-d", node, "-t", "5s");
    assertThat(cancel.out()).contains("no longer consuming from " + extra);
    fixture.deleteQueue(extra);
    Run shutdown = cli("control", "shutdown", "-d", node, "-t", "5s");
    assertThat(shutdown.out()).contains("shutting down");
    assertThat(fixture.worker().awaitTermination(30_000)).isTrue();
  }

  @Test
  void eventsDumpAndJsonShowTaskEvents() {
    StringWriter dumpOut = new StringWriter();
    StringWriter jsonOut = new StringWriter();
    CompletableFuture<Integer> dump = background(dumpOut, "events", "--dump", "--duration", "8s");
    CompletableFuture<Integer> json = background(jsonOut, "events", "--json", "--duration", "8s");
    // Both receivers are bound once this worker's heartbeats (every 2 s) show in both outputs.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dumpOut.toString().contains(node) && jsonOut.toString().contains(node));
    var result = fixture.app.task("it.add", Integer.class).delay(20, 22);
    assertThat(result.get(Duration.ofSeconds(20))).isEqualTo(42);
    assertThat(dump.join()).isZero();
    assertThat(json.join()).isZero();
    assertThat(dumpOut.toString())
        .contains(node + " [")
        .contains("task received: it.add(" + result.id() + ") args=(20, 22)")
        .contains("task succeeded: [" + result.id() + "]")
        .contains("result=42");
    assertThat(jsonOut.toString()).contains("\"type\": \"task-succeeded\"").contains(result.id());
  }

  private static CompletableFuture<Integer> background(StringWriter out, String... args) {
    return CompletableFuture.supplyAsync(
        () -> {
          var cli =
              CeleriacCommand.commandLine(Map.of("CELERIAC_BROKER_URL", TestBroker.amqpUrl()));
          cli.setOut(new PrintWriter(out));
          cli.setErr(new PrintWriter(out));
          return cli.execute(args);
        },
        task ->
            Thread.ofPlatform().name("it-cli").start(task)); // the common pool may have 1 thread
  }

  @Test
  void resultWaitsForATaskFromItsEvents() {
    var slow = fixture.app.task("it.slow", String.class).delay(1500L);
    Run waited = cli("result", slow.id(), "--wait", "--timeout", "20s", "--json");
    assertThat(waited.code()).isZero();
    assertThat(waited.out()).contains("\"state\":\"SUCCESS\"").contains(slow.id());
    Run unknown = cli("result", UUID.randomUUID().toString());
    assertThat(unknown.out().strip()).isEqualTo("PENDING");
  }
}
