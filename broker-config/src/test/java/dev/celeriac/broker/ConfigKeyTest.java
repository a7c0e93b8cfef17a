package dev.celeriac.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

  @Test
  void environmentOverridesTheDefault() {
    assertThat(ConfigKey.BROKER_URL.resolve(Map.of("CELERIAC_BROKER_URL", "amqp://other//")))
        .isEqualTo("amqp://other//");
  }

  @Test
  void blankEnvironmentValueFallsBackToTheDefault() {
    assertThat(ConfigKey.QUEUES.resolve(Map.of("CELERIAC_QUEUES", "  "))).isEqualTo("celery");
  }

  @Test
  void everyKeyHasAnEnvironmentVariableAndAFlag() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(key.env()).startsWith("CELERIAC_");
      assertThat(key.flag()).startsWith("--");
      assertThat(ConfigKey.forFlag(key.flag())).contains(key);
    }
  }
}
