package dev.celeriac.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.error.MessageSecurityException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden tests against task messages Python Celery 5.2.6 signed
 * (scripts/capture-signed-messages.py).
 */
class AuthSerializerTest {

  private static final String INNER_BODY =
      "[[2, 3], {\"note\": \"h\\u00e9llo \\u2603\"}, {\"callbacks\": null, \"errbacks\": null,"
          + " \"chain\": null, \"chord\": null}]";

  private final ObjectMapper json = new ObjectMapper();

  private JsonNode vector(String name) throws Exception {
    return json.readTree(Files.readString(Fixtures.file("celery-signed-" + name + ".json")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice-sha256", "alice-sha1", "alice-sha512", "bob-sha256"})
  void verifiesWhatCelerySignedAndPacksItByteForByte(String name) throws Exception {
    JsonNode v = vector(name);
    assertThat(v.get("celery").asText()).isEqualTo("5.2.6");
    assertThat(v.get("content_type").asText()).isEqualTo(AuthSerializer.CONTENT_TYPE);
    assertThat(v.get("content_encoding").asText()).isEqualTo(AuthSerializer.CONTENT_ENCODING);
    MessageSigning signing = Fixtures.as("alice").digest(v.get("digest").asText()).build().load();
    byte[] wire = v.get("body").asText().getBytes(StandardCharsets.US_ASCII);

    AuthSerializer.Unpacked opened = signing.open(AuthSerializer.CONTENT_TYPE, wire);

    assertThat(opened.signer()).isEqualTo(name.startsWith("bob") ? Fixtures.BOB : Fixtures.ALICE);
    assertThat(opened.contentType()).isEqualTo("application/json");
    assertThat(opened.contentEncoding()).isEqualTo("utf-8");
    assertThat(new String(opened.body(), StandardCharsets.UTF_8)).isEqualTo(INNER_BODY);
    assertThat(opened.signature()).hasSize(name.startsWith("bob") ? 384 : 256);
    // The same fields packed by Celeriac are the bytes Celery sent.
    assertThat(
            AuthSerializer.pack(
                opened.signer(),
                opened.signature(),
                opened.contentType(),
                opened.contentEncoding(),
                opened.body()))
        .isEqualTo(wire);
  }

  @Test
  void verifiesARemoteControlRequestCelerySigned() throws Exception {
    // After setup_security() Celery's pidbox uses the task serializer: control is signed too.
    JsonNode v = vector("control-ping");
    assertThat(v.get("content_type").asText()).isEqualTo(AuthSerializer.CONTENT_TYPE);
    byte[] wire = v.get("body").asText().getBytes(StandardCharsets.US_ASCII);

    AuthSerializer.Unpacked opened =
        Fixtures.as("alice").build().load().open(AuthSerializer.CONTENT_TYPE, wire);

    assertThat(opened.signer()).isEqualTo(Fixtures.BOB);
    JsonNode request = json.readTree(opened.body());
    assertThat(request.get("method").asText()).isEqualTo("ping");
    assertThat(request.get("destination").toString()).isEqualTo("[\"nobody@capture\"]");
    assertThat(
            AuthSerializer.pack(
                opened.signer(),
                opened.signature(),
                opened.contentType(),
                opened.contentEncoding(),
                opened.body()))
        .isEqualTo(wire);
  }

  @Test
  void certificateIdsAreCeleryGetId() throws Exception {
    // Python: Certificate(open(pem).read()).get_id()
    assertThat(CertificateId.of(cert("alice"))).isEqualTo(Fixtures.ALICE);
    assertThat(CertificateId.of(cert("bob"))).isEqualTo(Fixtures.BOB);
    assertThat(CertificateId.of(cert("mallory"))).isEqualTo(Fixtures.MALLORY);
    assertThat(CertificateId.of(cert("expired"))).isEqualTo(Fixtures.EXPIRED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256", "sha1", "sha512", "sha384", "sha224"})
  void signsWhatItVerifiesWithEachDigest(String digest) {
    MessageSigning alice = Fixtures.as("alice").digest(digest).build().load();
    MessageSigning bob = Fixtures.as("bob").digest(digest).build().load();
    byte[] body = INNER_BODY.getBytes(StandardCharsets.UTF_8);

    byte[] signed = alice.seal(message(body)).body();

    AuthSerializer.Unpacked opened = bob.open(AuthSerializer.CONTENT_TYPE, signed);
    assertThat(opened.signer()).isEqualTo(Fixtures.ALICE);
    assertThat(opened.body()).isEqualTo(body);
    String raw = new String(Base64.getDecoder().decode(signed), StandardCharsets.ISO_8859_1);
    assertThat(raw).startsWith(Fixtures.ALICE + "\u0000\u0001");
    assertThat(raw)
        .endsWith(
            "\u0000\u0001application/json\u0000\u0001utf-8\u0000\u0001"
                + new String(body, StandardCharsets.ISO_8859_1));
  }

  @Test
  void refusesUnsignedMessagesInKombusWords() {
    MessageSigning signing = Fixtures.as("alice").build().load();
    assertThatThrownBy(() -> signing.open("application/json", INNER_BODY.getBytes()))
        .isInstanceOf(MessageSecurityException.class)
        .hasMessage("Refusing to deserialize untrusted content of type json (application/json)");
    assertThatThrownBy(() -> signing.open("text/plain", new byte[0]))
        .hasMessage("Refusing to deserialize untrusted content of type text/plain");
  }

  @Test
  void refusesATamperedBody() throws Exception {
    MessageSigning signing = Fixtures.as("alice").build().load();
    byte[] raw = Base64.getDecoder().decode(vector("alice-sha256").get("body").asText());
    raw[raw.length - 90] ^= 1; // one bit of the JSON body
    byte[] tampered = Base64.getEncoder().encode(raw);

    assertThatThrownBy(() -> signing.open(AuthSerializer.CONTENT_TYPE, tampered))
        .isInstanceOf(MessageSecurityException.class)
        .hasMessageStartingWith("Bad signature: InvalidSignature()");
  }

  @Test
  void refusesASignatureByAnotherKeyThanTheClaimedCertificates() {
    MessageSigning verifier = Fixtures.as("alice").build().load();
    MessageSigning mallory =
        Fixtures.as("mallory").certStore(Fixtures.file("mallory.pem").toString()).build().load();
    byte[] signed = mallory.seal(message(INNER_BODY.getBytes())).body();
    String raw = new String(Base64.getDecoder().decode(signed), StandardCharsets.ISO_8859_1);
    byte[] claimsAlice =
        Base64.getEncoder()
            .encode(
                raw.replace(Fixtures.MALLORY, Fixtures.ALICE)
                    .getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> verifier.open(AuthSerializer.CONTENT_TYPE, signed))
        .isInstanceOf(MessageSecurityException.class)
        .hasMessage("Unknown certificate: '" + Fixtures.MALLORY + "'");
    assertThatThrownBy(() -> verifier.open(AuthSerializer.CONTENT_TYPE, claimsAlice))
        .hasMessageStartingWith("Bad signature: InvalidSignature()");
  }

  @Test
  void refusesMessagesSignedByAnExpiredCertificate() {
    MessageSigning verifier = Fixtures.as("alice").build().load();
    MessageSigning before =
        Fixtures.as("expired").build().load(Fixtures.at("2020-06-01T00:00:00Z"));
    byte[] signed = before.seal(message(INNER_BODY.getBytes())).body();

    assertThat(verifier.expiredInStore()).containsExactly(Fixtures.EXPIRED);
    assertThatThrownBy(() -> verifier.open(AuthSerializer.CONTENT_TYPE, signed))
        .isInstanceOf(MessageSecurityException.class)
        .hasMessageStartingWith("Expired certificate: '" + Fixtures.EXPIRED + "'");
  }

  @Test
  void refusesGarbage() {
    MessageSigning signing = Fixtures.as("alice").build().load();
    assertThatThrownBy(
            () -> signing.open(AuthSerializer.CONTENT_TYPE, "bm9zZXBhcmF0b3I=".getBytes()))
        .isInstanceOf(MessageSecurityException.class)
        .hasMessageContaining("no signer id");
    byte[] truncated = Base64.getEncoder().encode((Fixtures.ALICE + "\u0000\u0001abc").getBytes());
    assertThatThrownBy(() -> signing.open(AuthSerializer.CONTENT_TYPE, truncated))
        .isInstanceOf(MessageSecurityException.class)
        .hasMessageContaining("truncated");
  }

  private static dev.celeriac.protocol.EncodedMessage message(byte[] body) {
    return new dev.celeriac.protocol.EncodedMessage(
        java.util.Map.of(),
        new dev.celeriac.protocol.TaskProperties(
            "id", null, 0, 2, null, "application/json", "utf-8"),
        body);
  }

  private static X509Certificate cert(String who) throws Exception {
    return PemFiles.certificate(Fixtures.file(who + ".pem"));
  }
}
