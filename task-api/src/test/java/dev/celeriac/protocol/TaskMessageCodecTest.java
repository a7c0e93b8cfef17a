package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TaskMessageCodecTest {

  private static final String ID = "582e0e41-2bd5-4f68-b440-47007ddc57d7";
  private static final String BODY =
      "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]";
  private static final TaskProperties JSON = props(TaskProperties.JSON);

  private final TaskMessageCodec codec = new TaskMessageCodec();

  /** Stands in for the RabbitMQ client's LongString: not a CharSequence, toString is the text. */
  private record FakeLongString(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  // --- errors ---

  @Test
  void rejectsMessageWithoutTaskHeader() {
    assertThatThrownBy(() -> codec.decode(Map.of("id", ID), JSON, bytes(BODY)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no 'task' header");
  }

  @Test
  void rejectsMessageWithoutIdHeader() {
    assertThatThrownBy(() -> codec.decode(Map.of("task", "captasks.add"), JSON, bytes(BODY)))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "captasks.add: task message has no 'id' header: Celery protocol v2 carries the task id there");
  }

  @Test
  void rejectsBodyThatIsNotJson() {
    assertThatThrownBy(() -> decode("[[2, 3], {}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("captasks.add[" + ID + "]: body is not valid JSON: ");
  }

  @Test
  void namesTheTaskIdInErrorsWhenTheIdCameAsALongString() {
    Map<String, Object> h = new HashMap<>();
    h.put("task", new FakeLongString("captasks.add"));
    h.put("id", new FakeLongString(ID));
    assertThatThrownBy(() -> codec.decode(h, JSON, bytes("[[2, 3], {}")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("captasks.add[" + ID + "]: body is not valid JSON: ");
  }

  @Test
  void rejectsBodyThatIsAString() {
    assertThatThrownBy(() -> decode("\"add(2, 3)\""))
        .isInstanceOf(ProtocolException.class)
        .hasMessage(
            "captasks.add["
                + ID
                + "]: body must be a JSON array [args, kwargs, embed]; got a JSON string");
  }

  @Test
  void rejectsTwoElementArray() {
    assertThatThrownBy(() -> decode("[[2, 3], {}]"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageEndingWith(
            "body must be a JSON array of 3 items [args, kwargs, embed]; got 2 items");
  }

  @Test
  void rejectsArgsThatAreNotAnArray() {
    assertThatThrownBy(() -> decode("[{\"x\": 2}, {}, null]"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageEndingWith("body item 0 (args) must be a JSON array; got a JSON object");
  }

  @Test
  void rejectsKwargsThatAreNotAnObject() {
    assertThatThrownBy(() -> decode("[[2], [3], null]"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageEndingWith("body item 1 (kwargs) must be a JSON object; got a JSON array");
  }

  @Test
  void rejectsEmbedThatIsNotAnObject() {
    assertThatThrownBy(() -> decode("[[2], {}, []]"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageEndingWith(
            "body item 2 (embed) must be a JSON object or null; got a JSON array");
  }

  @Test
  void rejectsEmptyBody() {
    assertThatThrownBy(() -> decode(""))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("body is empty");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] body = {
      '[', '[', '"', (byte) 0xc3, '"', ']', ',', '{', '}', ',', 'n', 'u', 'l', 'l', ']'
    };

    assertThatThrownBy(() -> codec.decode(headers(), JSON, body))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("body is not valid JSON")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void rejectsPickleContentType() {
    assertThatThrownBy(
            () -> codec.decode(headers(), props("application/x-python-serialize"), bytes(BODY)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("content_type 'application/x-python-serialize' is not supported")
        .hasMessageContaining("accepts only JSON")
        .hasMessageContaining("task_serializer='json'");
  }

  @Test
  void rejectsUnsupportedContentEncoding() {
    TaskProperties latin1 =
        new TaskProperties(ID, null, null, null, null, TaskProperties.JSON, "latin-1");

    assertThatThrownBy(() -> codec.decode(headers(), latin1, bytes(BODY)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("content_encoding 'latin-1' is not supported");
  }

  @Test
  void acceptsContentTypeWithParameters() {
    assertThat(codec.decode(headers(), props("Application/JSON; charset=utf-8"), bytes(BODY)).id())
        .isEqualTo(ID);
  }

  @Test
  void acceptsMissingContentTypeWhenBodyIsJson() {
    assertThat(codec.decode(headers(), props(null), bytes(BODY)).body().args()).hasSize(2);
    assertThat(codec.decode(headers(), null, bytes(BODY)).body().args()).hasSize(2);
  }

  @Test
  void rejectsMissingContentTypeWhenBodyIsNotJson() {
    assertThatThrownBy(() -> codec.decode(headers(), props(null), new byte[] {(byte) 0x80, 0x04}))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("body has no content_type and is not valid JSON");
  }

  @Test
  void rejectsMalformedHeaderValuesNamingTheHeader() {
    assertThatThrownBy(() -> decode(headers("retries", "three"), BODY))
        .hasMessageEndingWith("header 'retries' must be an integer; got the string 'three'");
    assertThatThrownBy(() -> decode(headers("retries", 1.5), BODY))
        .hasMessageEndingWith("header 'retries' must be an integer; got the number 1.5");
    assertThatThrownBy(() -> decode(headers("retries", 1L << 40), BODY))
        .hasMessageContaining("header 'retries' must be an integer");
    assertThatThrownBy(() -> decode(headers("eta", "tomorrow"), BODY))
        .hasMessageContaining("header 'eta' must be an ISO-8601 datetime")
        .hasMessageContaining("'tomorrow'");
    assertThatThrownBy(() -> decode(headers("timelimit", List.of(1)), BODY))
        .hasMessageEndingWith(
            "header 'timelimit' must be a list of 2 items [hard, soft]; got 1 items");
    assertThatThrownBy(() -> decode(headers("timelimit", "30"), BODY))
        .hasMessageContaining("header 'timelimit' must be a list [hard, soft]");
    assertThatThrownBy(() -> decode(headers("ignore_result", "maybe"), BODY))
        .hasMessageContaining("header 'ignore_result' must be a boolean");
    assertThatThrownBy(() -> decode(headers("parent_id", List.of("x")), BODY))
        .hasMessageContaining("header 'parent_id' must be a string; got a list");
  }

  // --- tolerance ---

  @Test
  void readsRetriesFromAnyIntegerRepresentation() {
    for (Object retries :
        List.of(
            3,
            3L,
            (short) 3,
            (byte) 3,
            3.0,
            new BigDecimal("3"),
            "3",
            " 3 ",
            new FakeLongString("3"))) {
      assertThat(decode(headers("retries", retries), BODY).headers().retries())
          .as("%s", retries.getClass())
          .isEqualTo(3);
    }
  }

  @Test
  void readsStringHeadersFromLongStringLikeObjects() {
    Map<String, Object> h = new HashMap<>();
    h.put("task", new FakeLongString("captasks.add"));
    h.put("id", new StringBuilder(ID));
    h.put("origin", new FakeLongString("gen1@host"));
    h.put("eta", new FakeLongString("2030-01-02T03:04:05+00:00"));

    TaskMessage message = codec.decode(h, JSON, bytes(BODY));

    assertThat(message.taskName()).isEqualTo("captasks.add");
    assertThat(message.id()).isEqualTo(ID);
    assertThat(message.headers().origin()).isEqualTo("gen1@host");
    assertThat(message.headers().eta())
        .isEqualTo(OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
  }

  @Test
  void readsTimeLimitsOfAnyNumberType() {
    assertThat(
            decode(headers("timelimit", java.util.Arrays.asList(30L, 2.5)), BODY)
                .headers()
                .timeLimit())
        .isEqualTo(new TimeLimit(30.0, 2.5));
    assertThat(decode(headers("timelimit", new Object[] {null, "20"}), BODY).headers().timeLimit())
        .isEqualTo(new TimeLimit(null, 20.0));
  }

  @Test
  void readsIgnoreResultLeniently() {
    assertThat(decode(headers(), BODY).headers().ignoreResult()).isFalse();
    assertThat(decode(headers("ignore_result", "True"), BODY).headers().ignoreResult()).isTrue();
    assertThat(decode(headers("ignore_result", 1), BODY).headers().ignoreResult()).isTrue();
  }

  @Test
  void unknownHeadersLandInExtra() {
    Map<String, Object> h = headers();
    h.put("x-custom", new FakeLongString("hello"));
    h.put("stamped_headers", List.of(new FakeLongString("on_call")));
    h.put("stamps", Map.of("on_call", "x"));
    h.put("replaced_task_nesting", 1);

    TaskHeaders headers = codec.decode(h, JSON, bytes(BODY)).headers();

    assertThat(headers.extra())
        .containsEntry("x-custom", "hello")
        .containsEntry("stamped_headers", List.of("on_call"))
        .containsEntry("stamps", Map.of("on_call", "x"))
        .containsEntry("replaced_task_nesting", 1)
        .doesNotContainKeys("task", "id");
  }

  @Test
  void readsEmbedNullEmptyOrWithUnknownKeys() {
    assertThat(decode("[[1], {}, null]").body().embed()).isEqualTo(Embed.EMPTY);
    assertThat(decode("[[1], {}, {}]").body().embed()).isEqualTo(Embed.EMPTY);
    assertThat(decode("[[1], {}, {\"future\": 1, \"chain\": null}]").body().embed())
        .isEqualTo(Embed.EMPTY);
    assertThat(
            decode("[[1], {}, {\"chain\": [{\"task\": \"t\"}]}]")
                .body()
                .embed()
                .chain()
                .get(0)
                .get("task")
                .asText())
        .isEqualTo("t");
  }

  @Test
  void readsHybridObjectBodyWithFieldsFromTheBody() {
    TaskMessage message =
        codec.decode(
            Map.of("task", "captasks.add"),
            JSON,
            bytes(
                "{\"id\": \"hybrid-1\", \"args\": [1, 2], \"kwargs\": {\"k\": 1}, \"retries\": 2,"
                    + " \"callbacks\": [{\"task\": \"cb\"}], \"utc\": true}"));

    assertThat(message.id()).isEqualTo("hybrid-1");
    assertThat(message.headers().retries()).isEqualTo(2);
    assertThat(message.body().kwargs().get("k").intValue()).isEqualTo(1);
    assertThat(message.body().embed().callbacks().get(0).get("task").asText()).isEqualTo("cb");
    assertThat(message.headers().extra()).isEmpty();
  }

  @Test
  void rejectsHybridBodyWithNonObjectKwargs() {
    assertThatThrownBy(() -> decode("{\"args\": [1], \"kwargs\": [2]}"))
        .hasMessageEndingWith("body object's 'kwargs' must be a JSON object; got a JSON array");
  }

  @Test
  void readsZlibCompressedBodyLikeKombu() throws IOException {
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(zlib)) {
      out.write(bytes(BODY));
    }

    TaskMessage message =
        codec.decode(headers("compression", "application/x-gzip"), JSON, zlib.toByteArray());

    assertThat(message.body().args()).hasSize(2);
    assertThat(message.headers().extra()).doesNotContainKey("compression");
  }

  @Test
  void readsGzipCompressedBody() throws IOException {
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
      out.write(bytes(BODY));
    }

    assertThat(
            codec
                .decode(headers("compression", "application/x-gzip"), JSON, gzip.toByteArray())
                .body()
                .args())
        .hasSize(2);
  }

  @Test
  void rejectsUnsupportedCompression() {
    assertThatThrownBy(() -> decode(headers("compression", "application/x-bz2"), BODY))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("compression 'application/x-bz2' is not supported");
  }

  @Test
  void rejectsCorruptCompressedBody() {
    assertThatThrownBy(() -> decode(headers("compression", "application/x-gzip"), BODY))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("body is not valid zlib data");
  }

  // --- encoding ---

  @Test
  void encodesCeleriacDefaults() {
    TaskMessage message =
        new TaskMessage(
            TaskHeaders.builder(ID, "tasks.echo").origin("gen1@host").build(),
            new TaskBody(
                CeleryJson.mapper().createArrayNode().add("hi"), kwargs("loud", true), null),
            new TaskProperties(ID, "reply", null, 2, null, null, null));

    EncodedMessage encoded = codec.encode(message);

    assertThat(encoded.headers())
        .containsEntry("lang", "java")
        .containsEntry("root_id", ID)
        .containsEntry("argsrepr", "('hi',)")
        .containsEntry("kwargsrepr", "{'loud': True}")
        .containsEntry("timelimit", java.util.Arrays.asList(null, null));
    assertThat(encoded.headers().keySet()).containsExactlyElementsOf(Headers.CELERY_5_2);
    assertThat(encoded.properties().contentType()).isEqualTo("application/json");
    assertThat(encoded.properties().contentEncoding()).isEqualTo("utf-8");
    assertThat(new String(encoded.body(), StandardCharsets.US_ASCII))
        .isEqualTo(
            "[[\"hi\"], {\"loud\": true}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]");
  }

  @Test
  void encodesWholeSecondTimeLimitsAsIntegersAndOthersAsDoubles() {
    TaskMessage message = message(new TimeLimit(30.0, 2.5), Map.of());

    assertThat(codec.encode(message).headers().get("timelimit"))
        .isEqualTo(java.util.Arrays.asList(30, 2.5));
  }

  @Test
  void encodesExtraHeadersAfterCeleryHeaders() {
    EncodedMessage encoded = codec.encode(message(null, Map.of("x-tenant", "acme")));

    assertThat(encoded.headers().keySet()).endsWith("ignore_result", "x-tenant");
  }

  @Test
  void rejectsExtraHeaderThatShadowsAStandardOne() {
    assertThatThrownBy(() -> codec.encode(message(null, Map.of("retries", 5))))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("extra header 'retries'");
  }

  @Test
  void rejectsNonJsonContentTypeOnEncode() {
    TaskMessage m = message(null, Map.of());
    TaskMessage pickle =
        new TaskMessage(m.headers(), m.body(), props("application/x-python-serialize"));

    assertThatThrownBy(() -> codec.encode(pickle)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void roundTripsThroughEncodeAndDecode() {
    TaskMessage original =
        new TaskMessage(
            TaskHeaders.builder(ID, "tasks.add")
                .lang("java")
                .rootId("root")
                .parentId("parent")
                .group("group")
                .groupIndex(1)
                .retries(2)
                .eta(OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC))
                .timeLimit(new TimeLimit(30.0, null))
                .shadow("shadow")
                .argsRepr("(1, 2)")
                .kwargsRepr("{}")
                .origin("gen1@host")
                .ignoreResult(true)
                .extra(Map.of("x", "y"))
                .build(),
            new TaskBody(CeleryJson.mapper().createArrayNode().add(1).add(2), null, null),
            new TaskProperties(
                ID, "reply", 5, 2, "1000", TaskProperties.JSON, TaskProperties.UTF_8));

    EncodedMessage wire = codec.encode(original);
    TaskMessage decoded = codec.decode(wire.headers(), wire.properties(), wire.body());

    assertThat(decoded).isEqualTo(original);
  }

  // --- helpers ---

  private TaskMessage decode(String body) {
    return codec.decode(headers(), JSON, bytes(body));
  }

  private TaskMessage decode(Map<String, Object> headers, String body) {
    return codec.decode(headers, JSON, bytes(body));
  }

  private static TaskMessage message(TimeLimit limit, Map<String, Object> extra) {
    return new TaskMessage(
        TaskHeaders.builder(ID, "tasks.add").timeLimit(limit).extra(extra).build(),
        new TaskBody(null, null, null),
        props(null));
  }

  private static Map<String, Object> headers(Object... pairs) {
    Map<String, Object> h = new HashMap<>();
    h.put("task", "captasks.add");
    h.put("id", ID);
    for (int i = 0; i < pairs.length; i += 2) {
      h.put((String) pairs[i], pairs[i + 1]);
    }
    return h;
  }

  private static ObjectNode kwargs(String key, boolean value) {
    return CeleryJson.mapper().createObjectNode().put(key, value);
  }

  private static TaskProperties props(String contentType) {
    return new TaskProperties(ID, null, null, 2, null, contentType, null);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
