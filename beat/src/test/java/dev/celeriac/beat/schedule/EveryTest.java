package dev.celeriac.beat.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EveryTest {

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void countsFromTheLastRun() {
    assertThat(Every.seconds(1.5).nextAfter(T, ZoneOffset.UTC)).isEqualTo(T.plusMillis(1500));
  }

  @Test
  void latestDueIsComputedWithoutWalking() {
    Every e = new Every(Duration.ofSeconds(1));
    assertThat(e.latestDue(T, T.plus(Duration.ofDays(30)).plusMillis(500), ZoneOffset.UTC))
        .isEqualTo(T.plus(Duration.ofDays(30)));
    assertThat(e.latestDue(T, T.plusMillis(999), ZoneOffset.UTC)).isNull();
  }

  @Test
  void refusesNonPositiveIntervals() {
    assertThatThrownBy(() -> Every.seconds(0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> Every.seconds(-1)).hasMessageContaining("positive");
  }
}
