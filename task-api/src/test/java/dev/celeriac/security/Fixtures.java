package dev.celeriac.security;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The keys and certificates in src/test/resources/security (scripts/make-signing-fixtures.py). */
final class Fixtures {

  static final String ALICE =
      "GB Celeriac Test Signing alice alice@example.org 5373003642731685151011";
  static final String BOB = "GB Celeriac Test Signing bob bob@example.org 4242";
  static final String MALLORY =
      "GB Celeriac Test Signing mallory mallory@example.org 5373003642731685151011";
  static final String EXPIRED = "GB Celeriac Test Signing expired expired@example.org 77";

  private Fixtures() {}

  static Path dir() {
    try {
      return Path.of(Fixtures.class.getResource("/security/alice.pem").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path file(String name) {
    return dir().resolve(name);
  }

  /** Signs as {@code who}, trusting the store (alice, bob, expired). */
  static SecuritySettings.Builder as(String who) {
    return SecuritySettings.builder()
        .key(file(who + ".key"))
        .certificate(file(who + ".pem"))
        .certStore(dir().resolve("store") + "/*.pem");
  }

  static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }
}
