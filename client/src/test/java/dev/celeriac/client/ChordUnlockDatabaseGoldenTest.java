package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.TaskMessageFactory.Prepared;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import dev.celeriac.protocol.TaskProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code celery.chord_unlock} message a client sends for a chord on a PostgreSQL result
 * backend, against what Celery 5.2.6 sends with {@code db+postgresql://}
 * (celery-vectors/chord-db-publish.json, from chord_db_capture.py): every header, every property
 * and the body, so a Python or Celeriac worker runs either one the same way.
 */
class ChordUnlockDatabaseGoldenTest {

  private static final JsonNode CAPTURE = load();

  private static JsonNode load() {
    try (InputStream in =
        ChordUnlockDatabaseGoldenTest.class.getResourceAsStream(
            "/celery-vectors/chord-db-publish.json")) {
      return CeleryJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void chordUnlockCarriesTheBodysPriorityAsCeleryDoes() {
    Deque<String> ids = new ArrayDeque<>(List.of("body-id", "unlock-id"));
    TaskMessageFactory factory =
        TaskMessageFactory.builder()
            .defaultQueue("celery")
            .origin("gen1@host")
            .replyTo("reply")
            .clock(Clock.systemUTC())
            .ids(ids::removeFirst)
            .build();
    Signature<Object> body =
        Signature.of(null, "cap.collect", null, null, null, false, null)
            .withOption("priority", com.fasterxml.jackson.databind.node.IntNode.valueOf(7));
    Prepared unlock =
        factory.prepareChordUnlock("group-id", factory.freezeBody(body), List.of("m1"));
    assertThat(new TaskMessageCodec().encode(unlock.message()).properties().priority())
        .isEqualTo(7);
  }

  @Test
  void theCaptureIsCeleryDatabaseBackendSendingChordUnlockBeforeTheMembers() {
    assertThat(CAPTURE.path("celery").asText()).isEqualTo("5.2.6");
    assertThat(CAPTURE.path("backend").asText()).isEqualTo("DatabaseBackend");
    JsonNode messages = CAPTURE.path("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0).path("headers").path("task").asText())
        .isEqualTo("celery.chord_unlock");
  }

  @Test
  void chordUnlockHeadersPropertiesAndBodyAreCelerys() {
    JsonNode theirs = CAPTURE.path("messages").get(0);
    JsonNode pyBody = theirs.path("body").path(0).path(1);
    String replyTo = pyBody.path("options").path("reply_to").asText();
    String unlockId = theirs.path("headers").path("id").asText();
    List<String> members =
        List.of(
            CAPTURE.path("messages").get(1).path("headers").path("id").asText(),
            CAPTURE.path("messages").get(2).path("headers").path("id").asText());
    Instant sentAt = Instant.parse(theirs.path("headers").path("eta").asText()).minusSeconds(1);
    Deque<String> ids =
        new ArrayDeque<>(List.of(pyBody.path("options").path("task_id").asText(), unlockId));
    TaskMessageFactory factory =
        TaskMessageFactory.builder()
            .defaultQueue("celery")
            .origin(theirs.path("headers").path("origin").asText())
            .replyTo(replyTo)
            .clock(Clock.fixed(sentAt, ZoneOffset.UTC))
            .ids(ids::removeFirst)
            .build();

    Signature<Object> frozen =
        factory.freezeBody(Signature.of(null, "cap.collect", null, null, null, false, null));
    Prepared unlock =
        factory.prepareChordUnlock(theirs.path("body").path(0).path(0).asText(), frozen, members);
    EncodedMessage ours = new TaskMessageCodec().encode(unlock.message());

    Map<String, Object> headers = ours.headers();
    JsonNode ourHeaders = CeleryJson.mapper().valueToTree(headers);
    ObjectNode theirHeaders = ((ObjectNode) theirs.path("headers")).deepCopy();
    // Display-only headers: lang names the sender; argsrepr shows the body with the queue
    // Celeriac freezes into it (see below); kwargsrepr shows the result tuples as lists, since
    // JSON has no tuples. Workers of both languages ignore all three when running the task.
    assertThat(headers.get("lang")).isEqualTo("java");
    assertThat(headers.get("kwargsrepr"))
        .isEqualTo(
            "{'interval': None, 'max_retries': None, 'result': [[[...], None], [[...], None]]}");
    for (String displayOnly : List.of("lang", "argsrepr", "kwargsrepr")) {
      ((ObjectNode) ourHeaders).remove(displayOnly);
      theirHeaders.remove(displayOnly);
    }
    assertThat(ourHeaders).isEqualTo(theirHeaders);
    assertThat(String.valueOf(headers.get("argsrepr")))
        .startsWith(theirs.path("headers").path("argsrepr").asText().substring(0, 60));

    TaskProperties p = ours.properties();
    JsonNode tp = theirs.path("properties");
    assertThat(p.correlationId()).isEqualTo(tp.path("correlation_id").asText());
    assertThat(p.replyTo()).isEqualTo(tp.path("reply_to").asText());
    assertThat(p.deliveryMode()).isEqualTo(tp.path("delivery_mode").asInt());
    assertThat(p.contentType()).isEqualTo(tp.path("content_type").asText());
    assertThat(p.contentEncoding()).isEqualTo(tp.path("content_encoding").asText());
    assertThat(p.expiration()).isNull();
    // Celery gives chord_unlock the body's priority, else the body task's attribute: None for the
    // captured client, which registered cap.collect, 0 for a body task it does not know. A Celeriac
    // client knows no task attributes, so it sends 0 (what RabbitMQ assumes for no priority).
    assertThat(tp.has("priority")).isFalse();
    assertThat(p.priority()).isEqualTo(0);

    JsonNode ourBody = CeleryJson.read(ours.body());
    // Celeriac freezes the body's queue too, so a worker in either language sends it there.
    assertThat(ourBody.path(0).path(1).path("options").path("queue").asText()).isEqualTo("celery");
    ((ObjectNode) ourBody.path(0).path(1).path("options")).remove("queue");
    assertThat(ourBody).isEqualTo(theirs.path("body"));
    assertThat(unlock.queue()).isEqualTo("celery");
  }
}
