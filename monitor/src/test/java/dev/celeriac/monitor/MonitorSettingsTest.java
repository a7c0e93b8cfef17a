package dev.celeriac.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import org.junit.jupiter.api.Test;

class MonitorSettingsTest {

  @Test
  void needsALoginWhenBoundBeyondLoopback() {
    assertThatThrownBy(() -> MonitorSettings.builder().address("0.0.0.0").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--basic-auth");
    assertThat(MonitorSettings.builder().address("0.0.0.0").basicAuth("admin:s3cret:x").build())
        .satisfies(
            s -> {
              assertThat(s.username()).isEqualTo("admin");
              assertThat(s.password()).isEqualTo("s3cret:x");
              assertThat(s.loopback()).isFalse();
            });
  }

  @Test
  void loopbackNeedsNoLogin() {
    MonitorSettings settings = MonitorSettings.builder().build();
    assertThat(settings.loopback()).isTrue();
    assertThat(settings.username()).isNull();
    assertThat(settings.port()).isEqualTo(5555);
    assertThat(settings.maxTasks()).isEqualTo(10_000);
  }

  @Test
  void rejectsMalformedValues() {
    assertThatThrownBy(() -> MonitorSettings.builder().basicAuth("nopassword").build())
        .hasMessageContaining("user:password");
    assertThatThrownBy(() -> MonitorSettings.builder().basicAuth(":pw").build())
        .hasMessageContaining("user:password");
    assertThatThrownBy(() -> MonitorSettings.builder().port(70_000).build())
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> MonitorSettings.builder().maxTasks(0).build())
        .hasMessageContaining("max tasks");
  }
}
