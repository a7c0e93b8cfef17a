package dev.celeriac.backend.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.CeleryTime;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The meta JSON Celeriac writes equals, byte for byte, what Celery 5.2.6 stored and published for
 * the same task (the ids and {@code date_done} are taken from the capture), and Celeriac reads
 * every captured value back.
 */
class MetaCodecGoldenTest {

  /** Given to the encoder for states Celery writes no date for; must never appear. */
  private static final Instant UNUSED_NOW = Instant.parse("2001-02-03T04:05:06.789Z");

  static List<String> scenarios() {
    List<String> names = CeleryVectors.taskScenarios();
    assertThat(names).hasSizeGreaterThanOrEqualTo(20);
    return names;
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void storedValueIsWrittenExactlyAsCeleryWroteIt(String scenario) {
    JsonNode vector = CeleryVectors.read(scenario);
    String stored = vector.get("value").asText();

    assertThat(new String(encodeLike(vector, stored), UTF_8)).isEqualTo(stored);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyPublishedStateIsWrittenExactlyAsCeleryPublishedIt(String scenario) {
    JsonNode vector = CeleryVectors.read(scenario);
    List<String> published = new ArrayList<>();
    for (JsonNode message : vector.get("published")) {
      assertThat(message.get("channel").asText()).isEqualTo(vector.get("key").asText());
      published.add(message.get("data").asText());
    }
    assertThat(published).isNotEmpty();

    for (String data : published) {
      assertThat(new String(encodeLike(vector, data), UTF_8)).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyCapturedValueDecodes(String scenario) {
    JsonNode vector = CeleryVectors.read(scenario);
    String taskId = vector.get("task_id").asText();
    JsonNode meta = CeleryJson.read(vector.get("value").asText().getBytes(UTF_8));

    MetaCodec.Stored stored =
        MetaCodec.decode(
            vector.get("key").asText(), taskId, vector.get("value").asText().getBytes(UTF_8));

    ResultMessage message = stored.message();
    assertThat(message.taskId()).isEqualTo(taskId);
    assertThat(message.status().wireName()).isEqualTo(meta.get("status").asText());
    assertThat(message.result()).isEqualTo(meta.get("result"));
    assertThat(message.traceback())
        .isEqualTo(meta.get("traceback").isNull() ? null : meta.get("traceback").asText());
    assertThat(message.children()).isEqualTo(meta.get("children"));
  }

  @Test
  void failureCarriesCeleryExceptionAndTraceback() {
    JsonNode vector = CeleryVectors.read("failure");

    ResultMessage message =
        MetaCodec.decode(
                vector.get("key").asText(),
                vector.get("task_id").asText(),
                vector.get("value").asText().getBytes(UTF_8))
            .message();

    assertThat(message.status()).isEqualTo(TaskState.FAILURE);
    assertThat(message.result().get("exc_type").asText()).isEqualTo("ValueError");
    assertThat(message.result().get("exc_message").toString()).isEqualTo("[\"boom\",42]");
    assertThat(message.traceback()).startsWith("Traceback (most recent call last):");
  }

  @Test
  void savedGroupIsWrittenAndReadAsGroupResultSaveDoes() {
    JsonNode vector = CeleryVectors.read("group-save");
    List<String> members = new ArrayList<>();
    vector.get("member_ids").forEach(id -> members.add(id.asText()));

    byte[] encoded = MetaCodec.encodeGroup(vector.get("group_id").asText(), members);

    assertThat(new String(encoded, UTF_8)).isEqualTo(vector.get("value").asText());
    assertThat(MetaCodec.decodeGroup(vector.get("key").asText(), encoded))
        .containsExactlyElementsOf(members);
  }

  /**
   * Encodes the captured meta's content with Celeriac: the request details come from the capture
   * when Celery wrote them, and from a stand-in otherwise (which must then not appear, as Celery
   * writes them only with result_extended).
   */
  private static byte[] encodeLike(JsonNode vector, String metaText) {
    ObjectNode meta = (ObjectNode) CeleryJson.read(metaText.getBytes(UTF_8));
    boolean extended = vector.get("config").get("result_extended").asBoolean();
    TaskState status = TaskState.fromWire(meta.get("status").asText());
    ResultMessage message =
        new ResultMessage(
            meta.get("task_id").asText(),
            status,
            meta.get("result"),
            meta.get("traceback").isNull() ? null : meta.get("traceback").asText(),
            meta.get("children"));
    ResultTarget.Request request =
        extended
            ? new ResultTarget.Request(
                meta.get("name").asText(),
                (ArrayNode) meta.get("args"),
                (ObjectNode) meta.get("kwargs"),
                meta.get("worker").asText(),
                meta.get("retries").asInt(),
                meta.get("queue").asText())
            : new ResultTarget.Request(
                "stand.in", null, null, "stand-in@host", 7, "stand-in-queue");
    ResultTarget target =
        new ResultTarget(
            meta.get("task_id").asText(),
            null,
            null,
            text(meta, "group_id"),
            text(meta, "parent_id"),
            request);
    Instant now =
        meta.get("date_done").isNull()
            ? UNUSED_NOW
            : CeleryTime.parse(meta.get("date_done").asText()).toInstant();
    return MetaCodec.encode(target, message, now, extended);
  }

  private static String text(JsonNode meta, String key) {
    JsonNode value = meta.get(key);
    return value == null || value.isNull() ? null : value.asText();
  }
}
