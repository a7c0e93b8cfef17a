package dev.celeriac.backend.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseBackendSettingsTest {

  @Test
  void readsCeleryUrlWithUserPasswordPortAndDatabase() {
    DatabaseBackendSettings s =
        DatabaseBackendSettings.fromUrl(
            "db+postgresql://celery:s%40cret@db.example.com:6543/results");
    assertThat(s.host()).isEqualTo("db.example.com");
    assertThat(s.port()).isEqualTo(6543);
    assertThat(s.database()).isEqualTo("results");
    assertThat(s.user()).isEqualTo("celery");
    assertThat(s.password()).isEqualTo("s@cret");
    assertThat(s.expires()).isEqualTo(Duration.ofDays(1));
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/results");
  }

  @Test
  void acceptsTheDriverNamedFormAndDefaultsThePort() {
    DatabaseBackendSettings s =
        DatabaseBackendSettings.fromUrl("db+postgresql+psycopg2://postgres@127.0.0.1/test");
    assertThat(s.port()).isEqualTo(5432);
    assertThat(s.password()).isNull();
    assertThat(s.maskedUrl()).isEqualTo("db+postgresql://postgres@127.0.0.1:5432/test");
  }

  @Test
  void neverShowsThePassword() {
    DatabaseBackendSettings s =
        DatabaseBackendSettings.fromUrl("db+postgresql://u:topsecret@h/db?sslmode=require");
    assertThat(s.maskedUrl()).isEqualTo("db+postgresql://u:****@h:5432/db");
    assertThat(s.toString()).doesNotContain("topsecret");
    assertThat(s.jdbcUrl()).endsWith("?sslmode=require").doesNotContain("topsecret");
  }

  @Test
  void takesExpiryAndExtendedFromTheClientOptions() {
    DatabaseBackendSettings s =
        DatabaseBackendSettings.builder()
            .url("db+postgresql://h/db")
            .options(ResultBackendOptions.defaults().withExpires(Duration.ZERO).withExtended(true))
            .build();
    assertThat(s.expires()).isZero();
    assertThat(s.extended()).isTrue();
  }

  @Test
  void refusesUrlsItCannotServeStatingTheRule() {
    assertThatThrownBy(() -> DatabaseBackendSettings.fromUrl("db+mysql://h/db"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("db+postgresql://");
    assertThatThrownBy(() -> DatabaseBackendSettings.fromUrl("db+postgresql://h"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("names its database");
    assertThatThrownBy(() -> DatabaseBackendSettings.fromUrl("db+postgresql://h:port/db"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'port'");
    assertThatThrownBy(() -> DatabaseBackendSettings.fromUrl("db+postgresql://h/db?pool=3"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'pool'");
    assertThatThrownBy(() -> DatabaseBackendSettings.fromUrl("db+postgresql:///db"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("needs a host");
    assertThatThrownBy(
            () ->
                DatabaseBackendSettings.builder()
                    .url("db+postgresql://h/db")
                    .pollInterval(Duration.ofSeconds(1), Duration.ofMillis(10))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("longest poll interval");
  }

  @Test
  void theProviderServesCeleryDatabaseSchemes() {
    assertThat(new DatabaseResultBackendProvider().schemes())
        .containsExactlyInAnyOrder("db+postgresql", "db+postgresql+psycopg2");
    assertThat(
            java.util.ServiceLoader.load(dev.celeriac.client.results.ResultBackendProvider.class)
                .stream()
                .map(p -> p.type().getName()))
        .contains(DatabaseResultBackendProvider.class.getName());
  }
}
