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
  void aFileNamedByTheFileVariableHoldsTheValue(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path secret = dir.resolve("broker-url");
    java.nio.file.Files.writeString(secret, "amqps://app:s3cret@mq1:5671/prod\n");
    assertThat(ConfigKey.BROKER_URL.resolve(Map.of("CELERIAC_BROKER_URL_FILE", secret.toString())))
        .isEqualTo("amqps://app:s3cret@mq1:5671/prod");
    // The variable itself wins over the file.
    assertThat(
            ConfigKey.BROKER_URL.resolve(
                Map.of(
                    "CELERIAC_BROKER_URL",
                    "amqp://direct//",
                    "CELERIAC_BROKER_URL_FILE",
                    secret.toString())))
        .isEqualTo("amqp://direct//");
  }

  @Test
  void anUnreadableFileIsAConfigurationError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ConfigKey.BROKER_URL.resolve(
                    Map.of("CELERIAC_BROKER_URL_FILE", "/nonexistent/url")))
        .isInstanceOf(dev.celeriac.error.ConfigurationException.class)
        .hasMessageContaining("CELERIAC_BROKER_URL_FILE");
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
