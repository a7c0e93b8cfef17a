package dev.celeriac.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerUrlTest {

  @ParameterizedTest
  @CsvSource({
    "amqp://guest:guest@localhost:5672//, /",
    "amqp://guest:guest@localhost:5672/, /",
    "amqp://guest:guest@localhost:5672, /",
    "amqp://guest:guest@localhost:5672/%2F, /",
    "amqp://guest:guest@localhost:5672/orders, orders",
    "amqp://u:p@host/a%2Fb, a/b",
  })
  void readsVirtualHostTheWayKombuDoes(String url, String vhost) {
    assertThat(BrokerUrl.parse(url).virtualHost()).isEqualTo(vhost);
  }

  @Test
  void readsCredentialsHostAndPort() {
    BrokerUrl url = BrokerUrl.parse("amqp://alice:s%40cret@rabbit.example:5673//");
    assertThat(url.username()).isEqualTo("alice");
    assertThat(url.password()).isEqualTo("s@cret");
    assertThat(url.host()).isEqualTo("rabbit.example");
    assertThat(url.port()).isEqualTo(5673);
    assertThat(url.tls()).isFalse();
  }

  @Test
  void defaultsPortAndGuestCredentials() {
    assertThat(BrokerUrl.parse("amqp://localhost//"))
        .isEqualTo(new BrokerUrl(false, "localhost", 5672, "guest", "guest", "/"));
    assertThat(BrokerUrl.parse("amqps://localhost//").port()).isEqualTo(5671);
  }

  @Test
  void masksThePasswordWhenShown() {
    BrokerUrl url = BrokerUrl.parse("amqp://alice:topsecret@localhost:5672//");
    assertThat(url.masked()).isEqualTo("amqp://alice:**@localhost:5672//");
    assertThat(url.toString()).doesNotContain("topsecret");
  }

  @Test
  void rejectsOtherSchemesNamingTheRule() {
    assertThatThrownBy(() -> BrokerUrl.parse("redis://:pw@localhost:6379/0"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must start with amqp:// or amqps://")
        .hasMessageNotContaining("pw");
  }

  @Test
  void rejectsEmptyUrl() {
    assertThatThrownBy(() -> BrokerUrl.parse(" ")).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void parsesFailoverListsSeparatedBySemicolons() {
    BrokerAddresses addresses = BrokerAddresses.parse("amqp://u:p@h1:5672//;amqp://u:p@h2:5673//");
    assertThat(addresses.urls()).extracting(BrokerUrl::host).containsExactly("h1", "h2");
    assertThat(addresses.masked()).isEqualTo("amqp://u:**@h1:5672//;amqp://u:**@h2:5673//");
  }

  @Test
  void rejectsFailoverListsWithDifferentCredentials() {
    assertThatThrownBy(() -> BrokerAddresses.parse("amqp://u:p@h1//;amqp://v:p@h2//"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must share scheme, credentials and virtual host");
  }

  @Test
  void settingsRejectBadDurationsWithTheRuleAndValue() {
    assertThatThrownBy(() -> BrokerSettings.builder().publishConfirmTimeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("publishConfirmTimeout must be positive; got PT0S");
    assertThatThrownBy(() -> BrokerSettings.builder().connectAttempts(0).build())
        .hasMessage("connectAttempts must be at least 1; got 0");
  }
}
