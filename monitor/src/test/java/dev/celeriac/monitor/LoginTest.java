package dev.celeriac.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginTest {

  private final Login login = new Login("admin", "s3cret");

  @Test
  void acceptsOnlyTheRightNameAndPassword() {
    assertThat(login.checkCredentials("admin", "s3cret")).isTrue();
    assertThat(login.checkCredentials("admin", "s3cre")).isFalse();
    assertThat(login.checkCredentials("admin", "s3cret!")).isFalse();
    assertThat(login.checkCredentials("Admin", "s3cret")).isFalse();
    assertThat(login.checkCredentials("", "")).isFalse();
    assertThat(login.checkCredentials("s3cret", "admin")).isFalse();
  }

  @Test
  void handlesPasswordsWithColonsAndNonAsciiLetters() {
    Login unusual = new Login("zoë", "a:b:ü");
    assertThat(unusual.checkCredentials("zoë", "a:b:ü")).isTrue();
    assertThat(unusual.checkCredentials("zoe", "a:b:ü")).isFalse();
  }
}
