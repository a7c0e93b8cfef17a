package dev.celeriac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.cli.interop.SigningFixtures;
import dev.celeriac.security.AuthSerializer;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.security.SecuritySettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command that sends tasks or remote control takes the signing options, and a dead-letter
 * replay only lets through refused letters whose original signed body verifies.
 */
class SecurityOptionsTest {

  private static final byte[] JSON =
      "[[1, 2], {}, {\"callbacks\": null}]".getBytes(StandardCharsets.UTF_8);

  /** The commands that publish tasks or remote control to workers. */
  private static final List<String> SENDERS =
      List.of("worker", "call", "inspect", "control", "monitor", "dead-letters", "beat");

  @Test
  void everyCommandThatSendsToWorkersTakesTheSecurityOptions() {
    CommandLine cli = CeleriacCommand.commandLine(Map.of());
    for (String name : SENDERS) {
      var spec = cli.getSubcommands().get(name).getCommandSpec();
      for (String option :
          List.of(
              "--security-key",
              "--security-certificate",
              "--security-cert-store",
              "--security-digest")) {
        assertThat(spec.findOption(option)).as(name + " " + option).isNotNull();
      }
    }
  }

  @Test
  void monitorAndDeadLettersSignWithTheOptionsGiven() {
    for (String name : List.of("monitor", "dead-letters", "beat")) {
      CommandLine cli = CeleriacCommand.commandLine(Map.of());
      List<String> args = new java.util.ArrayList<>(List.of(name));
      if (name.equals("dead-letters")) {
        args.add("list");
      }
      args.addAll(List.of(SigningFixtures.options("bob", "sha512")));
      cli.parseArgs(args.toArray(String[]::new));
      SecuritySettings settings = security(cli, name).settings();
      assertThat(settings).as(name).isNotNull();
      assertThat(settings.key()).isEqualTo(SigningFixtures.DIR.resolve("bob.key"));
      assertThat(settings.certificate()).isEqualTo(SigningFixtures.DIR.resolve("bob.pem"));
      assertThat(settings.digest().name()).isEqualToIgnoringCase("sha512");
    }
  }

  @Test
  void monitorAndDeadLettersTakeTheEnvironmentsKeys() {
    Map<String, String> env =
        Map.of(
            "CELERIAC_SECURITY_KEY", SigningFixtures.DIR.resolve("alice.key").toString(),
            "CELERIAC_SECURITY_CERTIFICATE", SigningFixtures.DIR.resolve("alice.pem").toString(),
            "CELERIAC_SECURITY_CERT_STORE", SigningFixtures.STORE);
    for (String name : List.of("monitor", "dead-letters")) {
      CommandLine cli = CeleriacCommand.commandLine(env);
      cli.parseArgs(
          name.equals("dead-letters") ? new String[] {name, "list"} : new String[] {name});
      SecuritySettings settings = security(cli, name).settings();
      assertThat(settings).as(name).isNotNull();
      assertThat(settings.certificate()).isEqualTo(SigningFixtures.DIR.resolve("alice.pem"));
    }
    CommandLine plain = CeleriacCommand.commandLine(Map.of());
    plain.parseArgs("monitor");
    assertThat(security(plain, "monitor").settings()).as("no keys: unsigned").isNull();
  }

  @Test
  void replayLetsARefusedLetterThroughOnlyWhenItsOriginalSignedBodyVerifies() {
    MessageSigning alice = SigningFixtures.settings("alice", "sha256").load();
    byte[] signed = alice.sign(JSON);
    BiPredicate<String, byte[]> verifies = SecurityOptions.verifier(alice);

    assertThat(verifies.test(AuthSerializer.CONTENT_TYPE, signed)).isTrue();
    assertThat(verifies.test("application/json", JSON)).as("unsigned").isFalse();
    byte[] tampered = signed.clone();
    tampered[tampered.length / 2] ^= 1;
    assertThat(verifies.test(AuthSerializer.CONTENT_TYPE, tampered)).as("tampered").isFalse();
    MessageSigning mallory =
        SecuritySettings.builder()
            .key(SigningFixtures.DIR.resolve("mallory.key"))
            .certificate(SigningFixtures.DIR.resolve("mallory.pem"))
            .certStore(SigningFixtures.DIR.resolve("mallory.pem").toString())
            .build()
            .load();
    assertThat(verifies.test(AuthSerializer.CONTENT_TYPE, mallory.sign(JSON)))
        .as("signed by a certificate outside the store")
        .isFalse();
  }

  @Test
  void withoutSigningSettingsNoRefusedLetterIsReplayed() {
    CommandLine cli = CeleriacCommand.commandLine(Map.of());
    cli.parseArgs("dead-letters", "replay");
    byte[] signed = SigningFixtures.settings("alice", "sha256").load().sign(JSON);
    assertThat(
            security(cli, "dead-letters")
                .replayVerifier()
                .test(AuthSerializer.CONTENT_TYPE, signed))
        .as("nothing to verify it with: held back, never signed here")
        .isFalse();
    assertThat(DeadLettersCommand.heldBack(2))
        .contains("held back 2 message(s)")
        .contains("never signs")
        .contains("--security-cert-store");
  }

  private static SecurityOptions security(CommandLine cli, String name) {
    Object command = cli.getSubcommands().get(name).getCommand();
    return switch (command) {
      case MonitorCommand m -> m.security;
      case DeadLettersCommand d -> d.security;
      case BeatCommand b -> b.security;
      default -> throw new AssertionError(name);
    };
  }
}
