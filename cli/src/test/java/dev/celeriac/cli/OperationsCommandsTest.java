package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.events.Event;
import dev.celeriac.protocol.CeleryJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations commands without a broker: help, usage errors, output formats. */
class OperationsCommandsTest {

  private StringWriter out;

  private int run(String... args) {
    out = new StringWriter();
    var cli = CeleriacCommand.commandLine(Map.of());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    return cli.execute(args);
  }

  @Test
  void everyCommandHasHelp() {
    for (String command :
        new String[] {"inspect", "control", "events", "result", "call", "purge", "worker"}) {
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: celeriac " + command);
    }
  }

  @Test
  void unknownMethodsAndMissingArgumentsAreUsageErrors() {
    assertThat(run("inspect", "everything")).isEqualTo(2);
    assertThat(out.toString()).contains("METHOD must be one of");
    assertThat(run("control", "reboot")).isEqualTo(2);
    assertThat(run("control", "add_consumer")).isEqualTo(2);
    assertThat(out.toString()).contains("add_consumer takes 1 argument(s)");
    assertThat(run("control", "revoke")).isEqualTo(2);
    assertThat(run("result")).isEqualTo(2);
  }

  private static Event event(String json) {
    return Event.of((ObjectNode) CeleryJson.read(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void resultWaitEndsOnAFinalEventOrARejectionForGoodButNotOnARequeue() {
    assertThat(ResultCommand.endsTheWait(event("{\"type\": \"task-succeeded\", \"uuid\": \"u\"}")))
        .isTrue();
    assertThat(ResultCommand.endsTheWait(event("{\"type\": \"task-revoked\", \"uuid\": \"u\"}")))
        .isTrue();
    assertThat(ResultCommand.endsTheWait(event("{\"type\": \"task-started\", \"uuid\": \"u\"}")))
        .isFalse();
    assertThat(
            ResultCommand.endsTheWait(
                event("{\"type\": \"task-rejected\", \"uuid\": \"u\", \"requeue\": false}")))
        .isTrue();
    assertThat(
            ResultCommand.endsTheWait(
                event("{\"type\": \"task-rejected\", \"uuid\": \"u\", \"requeue\": true}")))
        .isFalse();
  }

  @Test
  void eventTableNamesStatesAsCeleryDoes() {
    assertThat(EventTable.state("task-succeeded")).isEqualTo("SUCCESS");
    assertThat(EventTable.state("task-rejected")).isEqualTo("REJECTED");
    assertThat(EventTable.state("task-progress")).isEqualTo("PROGRESS");
  }

  @Test
  void dumpsEventsInCeleryEventsDumpFormat() {
    assertThat(
            EventsCommand.dumpLine(
                event(
                    "{\"hostname\": \"w@h\", \"timestamp\": 1795334546.2138197, \"type\": \"task-received\","
                        + " \"uuid\": \"u1\", \"name\": \"tasks.add\", \"args\": \"(2, 3)\", \"kwargs\": \"{}\","
                        + " \"retries\": 0}")))
        .isEqualTo(
            "w@h [2026-11-22 08:02:26.213820] task received: tasks.add(u1) args=(2, 3) kwargs={} retries=0");
    assertThat(
            EventsCommand.dumpLine(
                event(
                    "{\"hostname\": \"w@h\", \"timestamp\": 1795334546.0, \"type\": \"task-succeeded\","
                        + " \"uuid\": \"u1\", \"result\": \"5\", \"runtime\": 0.5}")))
        .isEqualTo("w@h [2026-11-22 08:02:26.000000] task succeeded: [u1] result=5, runtime=0.5");
    assertThat(
            EventsCommand.dumpLine(
                event(
                    "{\"hostname\": \"w@h\", \"timestamp\": 1795334546.0, \"type\": \"worker-offline\"}")))
        .isEqualTo("w@h [2026-11-22 08:02:26.000000] shutdown");
  }

  @Test
  void liveViewShowsWorkersAndTheNewestTasks() {
    EventTable table = new EventTable();
    double now = System.currentTimeMillis() / 1000.0;
    table.accept(
        event(
            "{\"hostname\": \"w@h\", \"timestamp\": "
                + now
                + ", \"type\": \"worker-heartbeat\", \"active\": 1, \"processed\": 7}"));
    table.accept(
        event(
            "{\"hostname\": \"w@h\", \"timestamp\": "
                + now
                + ", \"type\": \"task-received\", \"uuid\": \"u1\", \"name\": \"tasks.add\"}"));
    table.accept(
        event(
            "{\"hostname\": \"w@h\", \"timestamp\": "
                + now
                + ", \"type\": \"task-failed\", \"uuid\": \"u1\", \"exception\": \"ValueError('x')\"}"));
    String screen = table.render(10);
    assertThat(screen).containsPattern("w@h\\s+ONLINE\\s+1\\s+7");
    assertThat(screen).containsPattern("u1\\s+tasks.add\\s+FAILURE\\s+w@h\\s+ValueError\\('x'\\)");
  }
}
