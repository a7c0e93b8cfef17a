package dev.celeriac.beat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.Periodic;
import dev.celeriac.beat.schedule.Crontab;
import dev.celeriac.beat.schedule.Every;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeriodicEntriesTest {

  @Periodic(every = "30s", args = "[1, 2]")
  @Periodic(
      name = "weekdays",
      cron = "0 9 * * mon-fri",
      queue = "q",
      misfire = "skip",
      priority = 3)
  static void good() {}

  @Periodic(every = "30s", cron = "* * * * *")
  static void both() {}

  @Periodic(every = "soon")
  static void badInterval() {}

  private static Periodic[] on(String method) throws Exception {
    return PeriodicEntriesTest.class.getDeclaredMethod(method).getAnnotationsByType(Periodic.class);
  }

  @Test
  void turnsEachAnnotationIntoAnEntry() throws Exception {
    Periodic[] p = on("good");
    BeatEntry every = PeriodicEntries.of("tasks.add", "math", p[0], "X#good");
    assertThat(every.name()).isEqualTo("tasks.add");
    assertThat(every.schedule()).isEqualTo(new Every(Duration.ofSeconds(30)));
    assertThat(every.args().toString()).isEqualTo("[1,2]");
    assertThat(every.queue()).isEqualTo("math");
    BeatEntry cron = PeriodicEntries.of("tasks.add", "", p[1], "X#good");
    assertThat(cron.name()).isEqualTo("weekdays");
    assertThat(cron.schedule()).isEqualTo(Crontab.parse("0 9 * * mon-fri"));
    assertThat(cron.queue()).isEqualTo("q");
    assertThat(cron.misfire()).isEqualTo(MisfirePolicy.SKIP);
    assertThat(cron.priority()).isEqualTo(3);
  }

  @Test
  void refusesBadValuesNamingThePlace() throws Exception {
    assertThatThrownBy(() -> PeriodicEntries.of("t", "", on("both")[0], "X#both"))
        .hasMessageContaining("@Periodic on X#both (entry 't'), give exactly one of every or cron");
    assertThatThrownBy(() -> PeriodicEntries.of("t", "", on("badInterval")[0], "X#badInterval"))
        .hasMessageContaining("@Periodic on X#badInterval (entry 't'), every:");
  }
}
