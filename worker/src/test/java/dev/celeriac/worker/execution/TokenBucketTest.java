package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  @Test
  void readsCeleryRateStrings() {
    assertThat(TokenBucket.parseRate("10/s")).isEqualTo(10);
    assertThat(TokenBucket.parseRate("30/m")).isEqualTo(0.5);
    assertThat(TokenBucket.parseRate("36/h")).isEqualTo(0.01);
    assertThat(TokenBucket.parseRate("2.5")).isEqualTo(2.5);
    assertThat(TokenBucket.parseRate("0")).isZero();
    assertThat(TokenBucket.parseRate("")).isZero();
    assertThatThrownBy(() -> TokenBucket.parseRate("10/d"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("10/m");
    assertThatThrownBy(() -> TokenBucket.parseRate("fast"))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void grantsOneStartPerIntervalAndSaysHowLongToWait() {
    TokenBucket bucket = new TokenBucket(1.0 / 3600); // one an hour: the second must wait
    assertThat(bucket.take()).isZero();
    long wait = bucket.take();
    assertThat(wait).isPositive().isLessThanOrEqualTo(3_600_000_000_000L);
  }
}
