package dev.celeriac.client.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import org.junit.jupiter.api.Test;

class BackendUrlsTest {

  @Test
  void maskedShowsThatThereIsAPasswordNeverWhatItIs() {
    assertThat(BackendUrls.masked("redis", "app", "topsecret", "h", 1, "2"))
        .isEqualTo("redis://app:****@h:1/2");
    assertThat(BackendUrls.masked("redis", null, "topsecret", "h", 1, "2"))
        .isEqualTo("redis://:****@h:1/2");
    assertThat(BackendUrls.masked("db+postgresql", "u", null, "h", 5432, "db"))
        .isEqualTo("db+postgresql://u@h:5432/db");
  }

  @Test
  void maskedLeavesOutEmptyUserInfoAndBracketsAnIpv6Host() {
    assertThat(BackendUrls.masked("redis", null, null, "::1", 6390, "4"))
        .isEqualTo("redis://[::1]:6390/4");
  }

  @Test
  void decodeKeepsAPlusAndDecodesEscapes() {
    assertThat(BackendUrls.decode("a+b%40c%2Fd", "bad")).isEqualTo("a+b@c/d");
  }

  @Test
  void aMalformedEscapeFailsWithTheGivenMessageNotTheText() {
    assertThatThrownBy(() -> BackendUrls.decode("s3cret%zz", "malformed escape in the password"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("malformed escape in the password")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void splitUserInfoDecodesUserAndPasswordAtTheLastAt() {
    assertThat(BackendUrls.splitUserInfo("ann%40x:p@ss:w@db.example:5432", "bad"))
        .isEqualTo(new BackendUrls.Authority("ann@x", "p@ss:w", "db.example:5432"));
  }

  @Test
  void splitUserInfoReadsAnEmptyUserAsNoneAndKeepsAnEmptyPassword() {
    assertThat(BackendUrls.splitUserInfo(":@h:1", "bad"))
        .isEqualTo(new BackendUrls.Authority(null, "", "h:1"));
    assertThat(BackendUrls.splitUserInfo("h:1", "bad"))
        .isEqualTo(new BackendUrls.Authority(null, null, "h:1"));
  }
}
