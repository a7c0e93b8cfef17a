package dev.celeriac.beat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.beat.schedule.Crontab;
import dev.celeriac.beat.schedule.Every;
import dev.celeriac.beat.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The catch-up and misfire rules with fixed instants. */
class PlannerTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration THRESHOLD = Duration.ofSeconds(5);

  private static BeatEntry entry(Schedule s, MisfirePolicy p) {
    return new BeatEntry("e", "tasks.add", s, null, null, null, null, null, p);
  }

  private static Planner.Plan plan(BeatEntry e, Instant last, Instant now) {
    return Planner.plan(e, last, now, ZoneOffset.UTC, THRESHOLD);
  }

  @Test
  void sendsNothingBeforeTheNextTick() {
    assertThat(plan(entry(Every.seconds(1), null), T, T.plusMillis(999)).isEmpty()).isTrue();
  }

  @Test
  void sendsEveryTickMissedByLessThanTheThresholdInOrder() {
    // A failover: the last sender recorded T, its successor runs at T + 2.5 s.
    Planner.Plan p = plan(entry(Every.seconds(1), MisfirePolicy.SKIP), T, T.plusMillis(2500));
    assertThat(p.send()).containsExactly(T.plusSeconds(1), T.plusSeconds(2));
    assertThat(p.skipped()).isNull();
  }

  @Test
  void runOnceSendsOnlyTheLatestOfTicksMissedForLonger() {
    Planner.Plan p =
        plan(entry(Every.seconds(1), MisfirePolicy.RUN_ONCE), T, T.plusSeconds(60).plusMillis(500));
    assertThat(p.send()).containsExactly(T.plusSeconds(60));
  }

  @Test
  void skipSendsNothingForTicksMissedForLongerAndRecordsTheLatest() {
    Planner.Plan p = plan(entry(Every.seconds(1), MisfirePolicy.SKIP), T, T.plusSeconds(60));
    assertThat(p.send()).isEmpty();
    assertThat(p.skipped()).isEqualTo(T.plusSeconds(60));
  }

  @Test
  void aMissedCrontabRunsOnceForItsLatestMinute() {
    Planner.Plan p =
        plan(entry(Crontab.parse("* * * * *"), MisfirePolicy.RUN_ONCE), T, T.plusSeconds(1810));
    assertThat(p.send()).containsExactly(T.plusSeconds(1800));
  }

  @Test
  void aCrontabTickJustDueIsSent() {
    Planner.Plan p =
        plan(
            entry(Crontab.parse("* * * * *"), MisfirePolicy.SKIP),
            T,
            T.plusSeconds(60).plusMillis(3));
    assertThat(p.send()).containsExactly(T.plusSeconds(60));
  }
}
