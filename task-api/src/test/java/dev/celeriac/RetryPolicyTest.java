package dev.celeriac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Task(
      autoretryFor = IOException.class,
      retryBackoff = "1s",
      retryBackoffMax = "5s",
      retryJitter = false)
  static void backoff() {}

  @Task(autoretryFor = IOException.class, retryBackoff = "1s", retryBackoffMax = "5s")
  static void jittered() {}

  @Task
  static void plain() {}

  private static RetryPolicy policy(String method) throws Exception {
    return RetryPolicy.of(
        RetryPolicyTest.class.getDeclaredMethod(method).getAnnotation(Task.class));
  }

  @Test
  void backoffDoublesUpToTheCap() throws Exception {
    RetryPolicy p = policy("backoff");
    assertThat(p.countdown(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.countdown(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.countdown(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.countdown(3)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.countdown(100)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterStaysWithinTheBackoff() throws Exception {
    RetryPolicy p = policy("jittered");
    for (int i = 0; i < 100; i++) {
      assertThat(p.countdown(2)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
    }
  }

  @Test
  void withoutBackoffTheDefaultDelayApplies() throws Exception {
    assertThat(policy("plain").countdown(3)).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void retriesOnlyOnListedExceptions() throws Exception {
    RetryPolicy p = policy("backoff");
    assertThat(p.retriesOn(new IOException("x"))).isTrue();
    assertThat(p.retriesOn(new java.io.FileNotFoundException("x"))).isTrue();
    assertThat(p.retriesOn(new IllegalStateException("x"))).isFalse();
    assertThat(policy("plain").retriesOn(new IOException("x"))).isFalse();
  }

  @Test
  void durationsReadTheUsualForms() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> Durations.parse("soon"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'soon'");
  }
}
