package dev.celeriac;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void formatsInTheLargestWholeUnit() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofNanos(500_000))).isEqualTo("0.0005s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "1d", "3h", "2m", "90s", "250ms", "1500ms", "0.0005s"})
  void parsesWhatItFormats(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }
}
