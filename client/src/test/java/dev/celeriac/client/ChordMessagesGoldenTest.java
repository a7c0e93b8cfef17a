package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.TaskMessageFactory.Prepared;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chord's messages as Celery 5.2.6 publishes them (celery-vectors/chord-publish.json, captured
 * from Python with a Redis backend, and Celery's chord_unlock from a file:// backend): the header
 * members carry the frozen body in {@code embed.chord}, the group id and their {@code group_index};
 * the unlock task carries the group id, the body and the members' result tuples.
 */
class ChordMessagesGoldenTest {

  private static final JsonNode VECTORS = load();

  private static JsonNode load() {
    try (InputStream in =
        ChordMessagesGoldenTest.class.getResourceAsStream("/celery-vectors/chord-publish.json")) {
      return CeleryJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TaskMessageFactory factory(Deque<String> ids, String replyTo) {
    return TaskMessageFactory.builder()
        .defaultQueue("celery")
        .origin("gen1@host")
        .replyTo(replyTo)
        .clock(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC))
        .ids(ids::removeFirst)
        .build();
  }

  private static Signature<Object> sig(String task, Object... args) {
    return Signature.of(
        null, task, CeleryJson.mapper().valueToTree(List.of(args)), null, null, false, null);
  }

  private static JsonNode body(EncodedMessage m) {
    return CeleryJson.read(m.body());
  }

  @Test
  void headerMembersCarryTheFrozenBodyTheGroupAndTheirIndexAsCeleryDoes() {
    JsonNode captured = VECTORS.path("chord").path("messages");
    JsonNode first = captured.get(0);
    String groupId = first.path("headers").path("group").asText();
    JsonNode pyBody = first.path("body").path(2).path("chord");
    String bodyId = pyBody.path("options").path("task_id").asText();
    String replyTo = pyBody.path("options").path("reply_to").asText();
    Deque<String> ids =
        new ArrayDeque<>(
            List.of(
                bodyId,
                captured.get(0).path("headers").path("id").asText(),
                captured.get(1).path("headers").path("id").asText()));
    TaskMessageFactory factory = factory(ids, replyTo);

    Signature<Object> frozen = factory.freezeBody(sig("cap.collect"));
    List<Signature<?>> members =
        factory.chordHeader(List.of(sig("cap.add", 1, 1), sig("cap.add", 2, 2)), frozen);
    TaskMessageCodec codec = new TaskMessageCodec();
    for (int i = 0; i < members.size(); i++) {
      Prepared prepared = factory.prepareMember(members.get(i), groupId);
      EncodedMessage ours = codec.encode(prepared.message());
      JsonNode theirs = captured.get(i);
      for (String header : List.of("task", "id", "group", "group_index", "root_id", "parent_id")) {
        assertThat(String.valueOf(ours.headers().get(header)))
            .as(header)
            .isEqualTo(theirs.path("headers").path(header).asText("null"));
      }
      JsonNode ourBody = body(ours);
      // Celeriac also freezes the body's queue, so a worker in any language sends it there.
      assertThat(ourBody.path(2).path("chord").path("options").path("queue").asText())
          .isEqualTo("celery");
      ((ObjectNode) ourBody.path(2).path("chord").path("options")).remove("queue");
      assertThat(ourBody).isEqualTo(theirs.path("body"));
    }
  }

  @Test
  void theChordUnlockTaskIsSentAsCeleryFallbackChordUnlockSendsIt() {
    JsonNode captured = VECTORS.path("chord_unlock");
    JsonNode args = captured.path("body").path(0);
    JsonNode pyBody = args.get(1);
    List<String> members =
        List.of(
            captured.path("body").path(1).path("result").get(0).path(0).path(0).asText(),
            captured.path("body").path(1).path("result").get(1).path(0).path(0).asText());
    Deque<String> ids =
        new ArrayDeque<>(List.of(pyBody.path("options").path("task_id").asText(), "unlock-id"));
    TaskMessageFactory factory = factory(ids, pyBody.path("options").path("reply_to").asText());

    Signature<Object> frozen = factory.freezeBody(sig("captasks.xsum"));
    Prepared unlock = factory.prepareChordUnlock(args.get(0).asText(), frozen, members);
    EncodedMessage ours = new TaskMessageCodec().encode(unlock.message());

    assertThat(ours.headers().get("task")).isEqualTo("celery.chord_unlock");
    assertThat(ours.headers().get("ignore_result")).isEqualTo(true);
    assertThat(String.valueOf(ours.headers().get("eta"))).isEqualTo("2030-01-01T00:00:01+00:00");
    assertThat(unlock.queue()).isEqualTo("celery");
    JsonNode ourBody = body(ours);
    ((ObjectNode) ourBody.path(0).path(1).path("options")).remove("queue");
    assertThat(ourBody).isEqualTo(captured.path("body"));
  }
}
