package dev.celeriac.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.beat.BeatStatus;
import dev.celeriac.broker.BrokerException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** {@code GET /api/beat} from a fake status source: no broker. */
class BeatViewTest {

  private static final Instant NOW = Instant.parse("2030-01-02T03:04:10Z");

  private static BeatView view(Optional<BeatStatus> status) {
    return new BeatView(() -> status, "orders.beat", InstantSource.fixed(NOW));
  }

  private static BeatStatus status(Instant updated) {
    return new BeatStatus(
        "beat42@host-a",
        Instant.parse("2030-01-02T03:00:00Z"),
        updated,
        List.of(
            new BeatStatus.Line(
                "every-second",
                "tasks.add",
                "every 1s",
                Instant.parse("2030-01-02T03:04:08Z"),
                Instant.parse("2030-01-02T03:04:09Z")),
            new BeatStatus.Line("<b>report</b>", "tasks.report", "crontab */15", null, null)));
  }

  @Test
  void noReportSaysSoWithTheGroup() {
    Map<String, Object> body = view(Optional.empty()).get();

    assertThat(body)
        .containsEntry("group", "orders.beat")
        .containsEntry("reported", false)
        .containsEntry("entries", List.of())
        .doesNotContainKey("sender");
  }

  @Test
  void aFreshReportShowsTheSenderAndEachEntrysLastAndNextRun() {
    Map<String, Object> body = view(Optional.of(status(NOW.minusMillis(1500)))).get();

    assertThat(body)
        .containsEntry("reported", true)
        .containsEntry("sender", "beat42@host-a")
        .containsEntry("since", "2030-01-02T03:00:00Z")
        .containsEntry("updated", "2030-01-02T03:04:08.500Z")
        .containsEntry("ageSeconds", 1.5)
        .containsEntry("stale", false);
    // Never ran, never will: nulls, and the name as given (the UI renders it as text).
    Map<String, Object> never = new HashMap<>();
    never.put("name", "<b>report</b>");
    never.put("task", "tasks.report");
    never.put("schedule", "crontab */15");
    never.put("lastRun", null);
    never.put("nextRun", null);
    assertThat(body.get("entries"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .containsExactly(
            Map.of(
                "name", "every-second",
                "task", "tasks.add",
                "schedule", "every 1s",
                "lastRun", "2030-01-02T03:04:08Z",
                "nextRun", "2030-01-02T03:04:09Z"),
            never);
  }

  @Test
  void aReportOlderThanTenSecondsIsStale() {
    assertThat(view(Optional.of(status(NOW.minusSeconds(10)))).get()).containsEntry("stale", false);
    assertThat(view(Optional.of(status(NOW.minusSeconds(11)))).get())
        .containsEntry("stale", true)
        .containsEntry("ageSeconds", 11.0);
  }

  @Test
  void aBrokerFailureReachesTheCaller() {
    BeatView failing =
        new BeatView(
            () -> {
              throw new BrokerException("Cannot read the beat status: closed");
            },
            "orders.beat",
            InstantSource.fixed(NOW));

    assertThatThrownBy(failing::get)
        .isInstanceOf(BrokerException.class)
        .hasMessageContaining("beat status");
  }
}
