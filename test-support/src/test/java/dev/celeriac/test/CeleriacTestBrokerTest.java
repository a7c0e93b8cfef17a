package dev.celeriac.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.broker.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CeleriacTestBroker} is a copy of the project's own test fixture ({@link TestBroker},
 * {@link TestEnvironment}), because the artifact cannot depend on their test-jar: the copies must
 * read the same settings, decide skip-or-fail alike and start the same broker.
 */
class CeleriacTestBrokerTest {

  @Test
  void readsTheSameSettingsAsTheProjectsOwnFixture() {
    assertThat(CeleriacTestBroker.BROKER_URL).isEqualTo(TestBroker.BROKER_URL);
    assertThat(CeleriacTestBroker.RABBITMQ_IMAGE).isEqualTo(TestBroker.RABBITMQ_IMAGE);
    assertThat(CeleriacTestBroker.DEFAULT_IMAGE).isEqualTo(TestBroker.DEFAULT_IMAGE);
    assertThat(CeleriacTestBroker.BROKER_REQUIRED).isEqualTo(TestEnvironment.REQUIRED);
  }

  @Test
  void failsInsteadOfSkippingExactlyWhereTheProjectsOwnTestsDo() {
    List<String> ciValues = Arrays.asList(null, "", " ", "true", "1", "false", "FALSE");
    List<String> requiredValues = Arrays.asList(null, "", "true", "TRUE", "false", "yes");
    for (String ci : ciValues) {
      for (String required : requiredValues) {
        assertThat(CeleriacTestBroker.required(ci, required))
            .as("CI=%s, -D%s=%s", ci, TestEnvironment.REQUIRED, required)
            .isEqualTo(TestEnvironment.inCi(ci, required));
      }
    }
  }

  @Test
  void copiesTheSameServerSettingsIntoItsContainers() throws IOException {
    assertThat(read(CeleriacTestBroker.SERVER_CONFIG_RESOURCE))
        .as("celeriac.conf in the broker-config jar")
        .isEqualTo(read("rabbitmq/celeriac.conf"))
        .contains("loopback_users.guest = false");
  }

  private static String read(String resource) throws IOException {
    try (InputStream in =
        CeleriacTestBrokerTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
