package dev.celeriac.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SecuritySettingsTest {

  @Test
  void readsPkcs1AndPkcs8KeysAndTheStoreGlob() {
    MessageSigning alice = Fixtures.as("alice").build().load(); // BEGIN RSA PRIVATE KEY
    MessageSigning bob = Fixtures.as("bob").build().load(); // BEGIN PRIVATE KEY

    assertThat(alice.signer()).isEqualTo(Fixtures.ALICE);
    assertThat(bob.signer()).isEqualTo(Fixtures.BOB);
    assertThat(alice.trusted())
        .containsExactlyInAnyOrder(Fixtures.ALICE, Fixtures.BOB, Fixtures.EXPIRED);
    assertThat(alice.digest().name()).isEqualTo("sha256");
  }

  @Test
  void aDirectoryAsStoreMeansEveryFileInIt() {
    var signing =
        Fixtures.as("alice").certStore(Fixtures.dir().resolve("store").toString()).build().load();
    assertThat(signing.trusted()).hasSize(3);
  }

  @Test
  void needsKeyCertificateAndStoreAsCeleryDoes() {
    assertThatThrownBy(() -> SecuritySettings.builder().key(Path.of("k")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--security-certificate")
        .hasMessageContaining("--security-cert-store");
  }

  @Test
  void refusesUnknownDigestsNamingTheChoices() {
    assertThatThrownBy(() -> Fixtures.as("alice").digest("md4"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("--security-digest")
        .hasMessageContaining("sha512")
        .hasMessageContaining("'md4'");
    assertThat(SigningDigest.of("SHA512").jdkName()).isEqualTo("SHA-512");
  }

  @Test
  void failsAtStartOnAnUnreadableKey() {
    assertThatThrownBy(() -> Fixtures.as("alice").key(Fixtures.file("nope.key")).build().load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("security key (--security-key, CELERIAC_SECURITY_KEY)")
        .hasMessageContaining("openssl req -x509");
    assertThatThrownBy(() -> Fixtures.as("alice").key(Fixtures.file("alice.pem")).build().load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no PEM private key");
  }

  @Test
  void failsAtStartWhenKeyAndCertificateDiffer() {
    assertThatThrownBy(
            () -> Fixtures.as("alice").certificate(Fixtures.file("bob.pem")).build().load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not belong to security certificate")
        .hasMessageContaining("give the certificate issued for this key");
  }

  @Test
  void failsAtStartWhenItsOwnCertificateExpired() {
    assertThatThrownBy(() -> Fixtures.as("expired").build().load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("security certificate (--security-certificate)")
        .hasMessageContaining("expired at 2021-01-01T00:00:00Z")
        .hasMessageContaining("issue a new certificate");
  }

  @Test
  void failsAtStartOnAnEmptyStore() {
    assertThatThrownBy(
            () -> Fixtures.as("alice").certStore(Fixtures.dir() + "/none/*.pem").build().load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "security cert store (--security-cert-store, CELERIAC_SECURITY_CERT_STORE)")
        .hasMessageContaining("names no certificate file");
    assertThatThrownBy(
            () -> Fixtures.as("alice").certStore(Fixtures.dir() + "/*.key").build().load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not a readable PEM certificate");
  }
}
