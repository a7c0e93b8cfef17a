package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code celeriac beat} refuses a bad schedule before it connects, naming entry and field. */
class BeatCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = CeleriacCommand.commandLine(Map.of());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private String schedule(String json) throws Exception {
    Path file = dir.resolve("beat.json");
    Files.writeString(file, json);
    return file.toString();
  }

  @Test
  void refusesAnUnknownEntryField() throws Exception {
    String file = schedule("{\"a\": {\"task\": \"tasks.add\", \"schedule\": 1, \"arg\": [1]}}");
    assertThat(run("beat", "--schedule", file)).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("entry 'a', field arg: is not an entry field");
  }

  @Test
  void refusesABadCrontabNamingTheField() throws Exception {
    String file =
        schedule(
            "{\"b\": {\"task\": \"tasks.add\", \"schedule\": {\"crontab\": {\"hour\": \"25\"}}}}");
    assertThat(run("beat", "--schedule", file)).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("entry 'b', field schedule.crontab.hour")
        .contains("25 is out of range 0-23");
  }

  @Test
  void refusesATaskTheAppDoesNotHave() throws Exception {
    String file = schedule("{\"c\": {\"task\": \"tasks.nope\", \"schedule\": 1}}");
    assertThat(run("-A", "dev.celeriac.examples.MathTasks", "beat", "--schedule", file))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("Entry 'c', field task: 'tasks.nope' is not a task of -A")
        .contains("tasks.add");
  }

  @Test
  void refusesABadPeriodicAnnotationNamingItsPlace() {
    assertThat(run("-A", "dev.celeriac.cli.beatapps.BadPeriodicTasks", "beat"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("@Periodic on dev.celeriac.cli.beatapps.BadPeriodicTasks")
        .contains("day_of_week")
        .contains("7 is out of range 0-6");
  }

  @Test
  void refusesAScheduleWithoutEntries() {
    assertThat(run("beat")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("beat has no entries");
  }

  @Test
  void refusesAnUnknownTimeZone() throws Exception {
    String file = schedule("{\"a\": {\"task\": \"tasks.add\", \"schedule\": 1}}");
    assertThat(run("beat", "--schedule", file, "--timezone", "Mars/Olympus")).isEqualTo(2);
    assertThat(err.toString()).contains("--timezone 'Mars/Olympus' is not a time zone");
  }
}
