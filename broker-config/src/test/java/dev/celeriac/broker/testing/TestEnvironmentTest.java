package dev.celeriac.broker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestEnvironmentTest {

  @Test
  void theCiVariableMeansCiUnlessBlankOrFalse() {
    assertThat(TestEnvironment.inCi("true", null)).isTrue();
    assertThat(TestEnvironment.inCi("1", null)).isTrue();
    assertThat(TestEnvironment.inCi("false", null)).isFalse();
    assertThat(TestEnvironment.inCi("FALSE", null)).isFalse();
    assertThat(TestEnvironment.inCi(" ", null)).isFalse();
    assertThat(TestEnvironment.inCi(null, null)).isFalse();
  }

  @Test
  void theRequiredPropertyMeansCiWithoutTheVariable() {
    assertThat(TestEnvironment.inCi(null, "true")).isTrue();
    assertThat(TestEnvironment.inCi(null, "false")).isFalse();
    assertThat(TestEnvironment.inCi("false", "true")).isTrue();
  }
}
