package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CeleryTimeTest {

  private static final OffsetDateTime ETA =
      OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC);

  @Test
  void formatsLikePythonIsoformat() {
    assertThat(CeleryTime.format(ETA)).isEqualTo("2030-01-02T03:04:05.678901+00:00"); // publish-03
  }

  @Test
  void omitsZeroMicrosecondsLikePython() {
    assertThat(CeleryTime.format(ETA.withNano(0))).isEqualTo("2030-01-02T03:04:05+00:00");
    assertThat(CeleryTime.format(ETA.withNano(999))).isEqualTo("2030-01-02T03:04:05+00:00");
  }

  @Test
  void truncatesNanosecondsToMicroseconds() {
    assertThat(CeleryTime.format(ETA.withNano(1_999)))
        .isEqualTo("2030-01-02T03:04:05.000001+00:00");
    assertThat(CeleryTime.format(ETA.withNano(100_000_000)))
        .isEqualTo("2030-01-02T03:04:05.100000+00:00");
  }

  @Test
  void formatsOffsetsLikePython() {
    assertThat(CeleryTime.format(ETA.withOffsetSameLocal(ZoneOffset.ofHoursMinutes(5, 30))))
        .endsWith("+05:30");
    assertThat(CeleryTime.format(ETA.withOffsetSameLocal(ZoneOffset.ofHours(-8))))
        .endsWith("-08:00");
    assertThat(
            CeleryTime.format(ETA.withOffsetSameLocal(ZoneOffset.ofHoursMinutesSeconds(1, 2, 3))))
        .endsWith("+01:02:03");
  }

  @Test
  void padsSmallYearsToFourDigits() {
    assertThat(CeleryTime.format(ETA.withYear(999))).startsWith("0999-01-02");
  }

  @Test
  void rejectsYearsPythonCannotRepresent() {
    assertThatThrownBy(() -> CeleryTime.format(ETA.withYear(10_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..9999");
  }

  @Test
  void parsesAwareDatetime() {
    assertThat(CeleryTime.parse("2030-01-02T03:04:05.678901+00:00")).isEqualTo(ETA);
    assertThat(CeleryTime.parse("2030-01-02T05:04:05.678901+02:00"))
        .isEqualTo(OffsetDateTime.of(2030, 1, 2, 5, 4, 5, 678_901_000, ZoneOffset.ofHours(2)));
  }

  @Test
  void parsesNaiveDatetimeAsUtc() {
    assertThat(CeleryTime.parse("2030-01-02T03:04:05")).isEqualTo(ETA.withNano(0)); // publish-04
    assertThat(CeleryTime.parse("2026-11-22T08:03:40.572892").getOffset())
        .isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void parsesOtherIsoSpellings() {
    assertThat(CeleryTime.parse("2030-01-02T03:04:05.678901Z")).isEqualTo(ETA);
    assertThat(CeleryTime.parse("2030-01-02 03:04:05.678901+0000")).isEqualTo(ETA);
    assertThat(CeleryTime.parse("2030-01-02T03:04:05.678+00:00"))
        .isEqualTo(ETA.withNano(678_000_000));
    assertThat(CeleryTime.parse("2030-01-02T03:04")).isEqualTo(ETA.withSecond(0).withNano(0));
    assertThat(CeleryTime.parse("2030-01-02"))
        .isEqualTo(OffsetDateTime.of(2030, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC));
    assertThat(CeleryTime.parse("2030-01-02T03:04:05-05:00").getOffset())
        .isEqualTo(ZoneOffset.ofHours(-5));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2030-01-02T03:04:05+00:00",
        "2030-01-02T03:04:05.678901+00:00",
        "2026-11-22T08:03:03.637342+00:00",
        "2030-01-02T03:04:05.000001-03:30"
      })
  void roundTripsPythonOutput(String text) {
    assertThat(CeleryTime.format(CeleryTime.parse(text))).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "tomorrow", "2030-13-02T03:04:05", "2030-01-02T25:00:00", "1795334523.12"})
  void rejectsTextThatIsNotAnIsoDatetime(String text) {
    assertThatThrownBy(() -> CeleryTime.parse(text))
        .isInstanceOf(DateTimeParseException.class)
        .hasMessageContaining(text);
  }
}
