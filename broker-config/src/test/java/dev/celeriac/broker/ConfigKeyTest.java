package dev.celeriac.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {

  @Test
  void environmentOverridesTheDefault() {
    assertThat(BrokerKeys.BROKER_URL.resolve(Map.of("CELERIAC_BROKER_URL", "amqp://other//")))
        .isEqualTo("amqp://other//");
  }

  @Test
  void aFileNamedByTheFileVariableHoldsTheValue(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path secret = dir.resolve("broker-url");
    java.nio.file.Files.writeString(secret, "amqps://app:s3cret@mq1:5671/prod\n");
    assertThat(BrokerKeys.BROKER_URL.resolve(Map.of("CELERIAC_BROKER_URL_FILE", secret.toString())))
        .isEqualTo("amqps://app:s3cret@mq1:5671/prod");
    // The variable itself wins over the file.
    assertThat(
            BrokerKeys.BROKER_URL.resolve(
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
                BrokerKeys.BROKER_URL.resolve(
                    Map.of("CELERIAC_BROKER_URL_FILE", "/nonexistent/url")))
        .isInstanceOf(dev.celeriac.error.ConfigurationException.class)
        .hasMessageContaining("CELERIAC_BROKER_URL_FILE");
  }

  @Test
  void blankEnvironmentValueFallsBackToTheDefault() {
    assertThat(BrokerKeys.QUEUE_TYPE.resolve(Map.of("CELERIAC_QUEUE_TYPE", "  ")))
        .isEqualTo("classic");
  }

  @Test
  void aKeyNeedsACeleriacVariableAndALongFlag() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ConfigKey("BROKER_URL", "--broker", "", "x"))
        .isInstanceOf(dev.celeriac.error.ConfigurationException.class)
        .hasMessageContaining("CELERIAC_");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ConfigKey("CELERIAC_X", "-x", "", "x"))
        .isInstanceOf(dev.celeriac.error.ConfigurationException.class)
        .hasMessageContaining("--name");
  }

  @Test
  void findsAKeyByItsFlag() {
    assertThat(ConfigKey.forFlag("--broker", BrokerKeys.ALL)).contains(BrokerKeys.BROKER_URL);
    assertThat(ConfigKey.forFlag("--nothing", BrokerKeys.ALL)).isEmpty();
  }
}
