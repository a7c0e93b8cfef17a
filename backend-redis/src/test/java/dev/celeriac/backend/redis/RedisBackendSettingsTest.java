package dev.celeriac.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.backend.redis.RedisBackendSettings.CertRequirement;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisBackendSettingsTest {

  @Test
  void plainUrlWithDatabase() {
    RedisBackendSettings s = RedisBackendSettings.fromUrl("redis://127.0.0.1:6379/7");

    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(6379);
    assertThat(s.database()).isEqualTo(7);
    assertThat(s.tls()).isFalse();
    assertThat(s.username()).isNull();
    assertThat(s.password()).isNull();
  }

  @Test
  void defaultsAreCeleryDefaults() {
    RedisBackendSettings s = RedisBackendSettings.fromUrl("redis://localhost");

    assertThat(s.port()).isEqualTo(6379);
    assertThat(s.database()).isZero();
    assertThat(s.expires()).isEqualTo(Duration.ofDays(1));
    assertThat(s.extended()).isFalse();
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @CsvSource({
    "redis://localhost/, 0",
    "redis://localhost:6379, 0",
    "redis://localhost:6379//3/, 3",
    "redis://localhost:6379/15, 15"
  })
  void databaseIsThePathWithSlashesStripped(String url, int database) {
    assertThat(RedisBackendSettings.fromUrl(url).database()).isEqualTo(database);
  }

  @Test
  void passwordOnlyAsCeleryDocumentsIt() {
    RedisBackendSettings s =
        RedisBackendSettings.fromUrl("redis://:s%40cret+1@redis.example:6380/2");

    assertThat(s.username()).isNull();
    assertThat(s.password()).isEqualTo("s@cret+1");
    assertThat(s.host()).isEqualTo("redis.example");
    assertThat(s.port()).isEqualTo(6380);
  }

  @Test
  void aclUserAndPassword() {
    RedisBackendSettings s = RedisBackendSettings.fromUrl("redis://app:pw@localhost/1");

    assertThat(s.username()).isEqualTo("app");
    assertThat(s.password()).isEqualTo("pw");
  }

  @Test
  void ipv6Host() {
    RedisBackendSettings s = RedisBackendSettings.fromUrl("redis://[::1]:6390/4");

    assertThat(s.host()).isEqualTo("::1");
    assertThat(s.port()).isEqualTo(6390);
    assertThat(s.maskedUrl()).isEqualTo("redis://[::1]:6390/4");
  }

  @Test
  void tlsUrlWithCeleryParameters() {
    RedisBackendSettings s =
        RedisBackendSettings.fromUrl(
            "rediss://:pw@redis.example:6380/0?ssl_cert_reqs=CERT_OPTIONAL"
                + "&ssl_ca_certs=%2Fetc%2Fca.pem&ssl_certfile=/c.pem&ssl_keyfile=/k.pem");

    assertThat(s.tls()).isTrue();
    assertThat(s.certRequirement()).isEqualTo(CertRequirement.OPTIONAL);
    assertThat(s.caCerts()).isEqualTo(Path.of("/etc/ca.pem"));
    assertThat(s.certFile()).isEqualTo(Path.of("/c.pem"));
    assertThat(s.keyFile()).isEqualTo(Path.of("/k.pem"));
  }

  @Test
  void tlsRequiresValidCertificateByDefault() {
    assertThat(RedisBackendSettings.fromUrl("rediss://redis.example").certRequirement())
        .isEqualTo(CertRequirement.REQUIRED);
    assertThat(
            RedisBackendSettings.fromUrl("rediss://redis.example?ssl_cert_reqs=none")
                .certRequirement())
        .isEqualTo(CertRequirement.NONE);
  }

  @Test
  void maskedUrlAndToStringHideThePassword() {
    RedisBackendSettings s = RedisBackendSettings.fromUrl("rediss://app:topsecret@h:1/2");

    assertThat(s.maskedUrl()).isEqualTo("rediss://app:****@h:1/2");
    assertThat(s.toString()).doesNotContain("topsecret").contains("rediss://app:****@h:1/2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "amqp://localhost| starts with redis:// or rediss://",
        "localhost:6379| starts with redis:// or rediss://",
        "redis://:6379/0| must name a host",
        "redis://localhost:abc/0| port in a Redis URL must be a number",
        "redis://localhost:6379/zero| database in a Redis URL must be a number",
        "redis://localhost:70000/0| port must be 1..65535",
        "redis://localhost/0?ssl_cert_reqs=required| need a rediss:// URL",
        "rediss://localhost/0?ssl_cert_reqs=maybe| ssl_cert_reqs must be CERT_REQUIRED",
        "redis://localhost/0?socket_timeout=5| unsupported Redis URL parameter 'socket_timeout'",
        "rediss://localhost/0?ssl_certfile=/c.pem| needs both its certificate chain and its key",
        "redis://:bad%zzpw@localhost/0| malformed percent-escape"
      })
  void rejectsUrlBreakingARule(String url, String rule) {
    assertThatThrownBy(() -> RedisBackendSettings.fromUrl(url))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(rule.strip());
  }

  @Test
  void errorsNeverShowThePassword() {
    assertThatThrownBy(() -> RedisBackendSettings.fromUrl("redis://:hunter2@localhost:x/0"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisBackendSettings.fromUrl("redis://:hunter2%zz@localhost/0"))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void expiryIsWholeSecondsOrZero() {
    RedisBackendSettings.Builder b = RedisBackendSettings.builder().url("redis://localhost");

    assertThat(b.expires(Duration.ZERO).build().expires()).isZero();
    assertThat(b.expires(Duration.ofMinutes(10)).build().expires().toSeconds()).isEqualTo(600);
    assertThatThrownBy(() -> b.expires(Duration.ofMillis(1500)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("whole seconds")
        .hasMessageContaining("PT1.5S");
    assertThatThrownBy(() -> b.expires(Duration.ofSeconds(-1)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("zero for no expiry");
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(
            () -> RedisBackendSettings.builder().url("redis://h").timeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void optionsSetExpiryAndExtendedMode() {
    RedisBackendSettings s =
        RedisBackendSettings.builder()
            .url("redis://h")
            .options(new ResultBackendOptions(Duration.ofHours(2), true, false))
            .build();

    assertThat(s.expires()).isEqualTo(Duration.ofHours(2));
    assertThat(s.extended()).isTrue();
  }

  @Test
  void newBuilderKeepsEverything() {
    RedisBackendSettings s =
        RedisBackendSettings.builder()
            .url("rediss://u:p@h:7/3?ssl_cert_reqs=optional")
            .expires(Duration.ofSeconds(5))
            .extended(true)
            .build();

    assertThat(s.newBuilder().build()).isEqualTo(s);
    assertThat(s.newBuilder().database(4).build().database()).isEqualTo(4);
  }
}
