package dev.celeriac.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.beat.schedule.Crontab;
import dev.celeriac.beat.schedule.Every;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleFileTest {

  @Test
  void readsCelerysBeatScheduleShape() {
    List<BeatEntry> entries =
        ScheduleFile.parse(
            """
            {"add": {"task": "tasks.add", "schedule": 1.0, "args": [1, 2], "kwargs": {},
                     "options": {"queue": "q", "expires": 30, "priority": 5}},
             "report": {"task": "tasks.report", "misfire": "skip",
                        "schedule": {"crontab": {"minute": "*/15", "hour": "*",
                          "day_of_week": "mon-fri", "day_of_month": "*", "month_of_year": "*"}}}}
            """,
            "beat.json");
    assertThat(entries).hasSize(2);
    BeatEntry add = entries.get(0);
    assertThat(add.name()).isEqualTo("add");
    assertThat(add.schedule()).isEqualTo(new Every(Duration.ofSeconds(1)));
    assertThat(add.args().toString()).isEqualTo("[1,2]");
    assertThat(add.queue()).isEqualTo("q");
    assertThat(add.expires()).isEqualTo(Duration.ofSeconds(30));
    assertThat(add.priority()).isEqualTo(5);
    assertThat(add.misfire()).isEqualTo(MisfirePolicy.RUN_ONCE);
    BeatEntry report = entries.get(1);
    assertThat(report.schedule()).isEqualTo(Crontab.parse("*/15 * * * mon-fri"));
    assertThat(report.misfire()).isEqualTo(MisfirePolicy.SKIP);
  }

  @Test
  void refusesAnUnknownFieldNamingTheEntryAndTheField() {
    assertThatThrownBy(
            () ->
                ScheduleFile.parse("{\"a\": {\"task\": \"t\", \"schedule\": 1, \"arg\": []}}", "f"))
        .hasMessageContaining("entry 'a', field arg: is not an entry field");
    assertThatThrownBy(
            () ->
                ScheduleFile.parse(
                    "{\"a\": {\"task\": \"t\", \"schedule\": 1, \"options\": {\"countdown\": 1}}}",
                    "f"))
        .hasMessageContaining("entry 'a', field options.countdown");
  }

  @Test
  void refusesABadCrontabNamingTheEntryAndTheField() {
    assertThatThrownBy(
            () ->
                ScheduleFile.parse(
                    "{\"b\": {\"task\": \"t\", \"schedule\": {\"crontab\": {\"day_of_week\": \"8\"}}}}",
                    "f"))
        .hasMessageContaining("entry 'b', field schedule.crontab.day_of_week")
        .hasMessageContaining("out of range 0-6");
  }

  @Test
  void refusesAMissingTaskOrSchedule() {
    assertThatThrownBy(() -> ScheduleFile.parse("{\"c\": {\"schedule\": 1}}", "f"))
        .hasMessageContaining("entry 'c', field task");
    assertThatThrownBy(() -> ScheduleFile.parse("{\"c\": {\"task\": \"t\"}}", "f"))
        .hasMessageContaining("entry 'c', field schedule");
    assertThatThrownBy(
            () -> ScheduleFile.parse("{\"c\": {\"task\": \"t\", \"schedule\": -1}}", "f"))
        .hasMessageContaining("entry 'c', field schedule");
  }
}
