package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against messages Celery 5.2.6 published ({@code publish-*.json}): Celeriac decodes
 * each one, and encoding the same content gives the same header table (values, order, AMQP types)
 * and the same body bytes.
 */
class PublishVectorsTest {

  private final TaskMessageCodec codec = new TaskMessageCodec();

  static Stream<Arguments> publishedMessages() {
    List<Arguments> out = new ArrayList<>();
    for (String file : Vectors.files("publish-")) {
      List<JsonNode> messages = Vectors.messages(file, null);
      for (int i = 0; i < messages.size(); i++) {
        out.add(Arguments.of(file + "#" + i, messages.get(i)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedMessages")
  void decodesCapturedMessage(String name, JsonNode captured) {
    TaskMessage decoded =
        codec.decode(
            Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured));

    JsonNode h = captured.get("headers");
    TaskHeaders headers = decoded.headers();
    assertThat(headers.id()).isEqualTo(h.get("id").asText());
    assertThat(headers.task()).isEqualTo(h.get("task").asText());
    assertThat(headers.lang()).isEqualTo("py");
    assertThat(headers.rootId()).isEqualTo(Vectors.text(h, "root_id"));
    assertThat(headers.parentId()).isEqualTo(Vectors.text(h, "parent_id"));
    assertThat(headers.group()).isEqualTo(Vectors.text(h, "group"));
    assertThat(headers.groupIndex())
        .isEqualTo(h.get("group_index").isNull() ? null : h.get("group_index").intValue());
    assertThat(headers.retries()).isEqualTo(h.get("retries").intValue());
    assertThat(headers.eta()).isEqualTo(time(h.get("eta")));
    assertThat(headers.expires()).isEqualTo(time(h.get("expires")));
    assertThat(headers.timeLimit())
        .isEqualTo(
            new TimeLimit(seconds(h.get("timelimit").get(0)), seconds(h.get("timelimit").get(1))));
    assertThat(headers.shadow()).isEqualTo(Vectors.text(h, "shadow"));
    assertThat(headers.argsRepr()).isEqualTo(h.get("argsrepr").asText());
    assertThat(headers.kwargsRepr()).isEqualTo(h.get("kwargsrepr").asText());
    assertThat(headers.origin()).isEqualTo(h.get("origin").asText());
    assertThat(headers.ignoreResult()).isEqualTo(h.get("ignore_result").booleanValue());
    assertThat(headers.extra().keySet()).containsExactlyElementsOf(extraNames(h));

    JsonNode body = captured.get("body");
    assertThat(decoded.body().args()).isEqualTo(body.get(0));
    assertThat(decoded.body().kwargs()).isEqualTo(body.get(1));
    Embed embed = decoded.body().embed();
    assertThat(orNull(embed.callbacks())).isEqualTo(body.get(2).get("callbacks"));
    assertThat(orNull(embed.errbacks())).isEqualTo(body.get(2).get("errbacks"));
    assertThat(orNull(embed.chain())).isEqualTo(body.get(2).get("chain"));
    assertThat(orNull(embed.chord())).isEqualTo(body.get(2).get("chord"));

    assertThat(decoded.properties()).isEqualTo(Vectors.properties(captured));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedMessages")
  void encodesSameHeadersAndBodyAsCelery(String name, JsonNode captured) {
    EncodedMessage encoded = codec.encode(sameContent(captured));

    ObjectNode expected = captured.get("headers").deepCopy();
    String eta = Vectors.text(expected, "eta");
    if (eta != null && !eta.contains("+")) {
      // Deliberate difference (publish-04): a naive eta is read as UTC and sent with its offset.
      expected.put("eta", eta + "+00:00");
    }
    assertThat(new ArrayList<>(encoded.headers().keySet()))
        .containsExactlyElementsOf(fieldNames(expected));
    JsonNode headers = CeleryJson.mapper().valueToTree(encoded.headers());
    assertThat(headers).isEqualTo(expected);
    JsonNode typed = captured.get("typed_properties").get("headers");
    for (Map.Entry<String, Object> header : encoded.headers().entrySet()) {
      assertAmqpType(header.getKey(), header.getValue(), typed.get(header.getKey()));
    }
    assertThat(new String(encoded.body(), StandardCharsets.UTF_8))
        .isEqualTo(captured.get("body_raw").textValue());
    assertThat(encoded.body()).isEqualTo(Vectors.body(captured));
    assertThat(encoded.properties()).isEqualTo(Vectors.properties(captured));
  }

  @Test
  void decodesPlainDelayMessage() {
    JsonNode captured = Vectors.messages("publish-01-delay.json", null).get(0);

    TaskMessage message =
        codec.decode(
            Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured));

    assertThat(message.taskName()).isEqualTo("captasks.add");
    assertThat(message.id()).isEqualTo("582e0e41-2bd5-4f68-b440-47007ddc57d7");
    assertThat(message.headers().rootId()).isEqualTo(message.id());
    assertThat(message.headers().timeLimit()).isEqualTo(TimeLimit.NONE);
    assertThat(message.headers().argsRepr()).isEqualTo("(2, 3)");
    assertThat(message.headers().origin()).isEqualTo("gen6576@vm");
    assertThat(message.body().args().toString()).isEqualTo("[2,3]");
    assertThat(message.body().kwargs().isEmpty()).isTrue();
    assertThat(message.body().embed()).isEqualTo(Embed.EMPTY);
    assertThat(message.properties().replyTo()).isEqualTo("02fa1503-3d53-3d40-a15f-69a154a62f6a");
    assertThat(message.properties().deliveryMode()).isEqualTo(TaskProperties.PERSISTENT);
  }

  @Test
  void encodesPlainDelayMessageFromHandBuiltModel() {
    String id = "582e0e41-2bd5-4f68-b440-47007ddc57d7";
    ArrayNode args = CeleryJson.mapper().createArrayNode().add(2).add(3);
    TaskMessage message =
        new TaskMessage(
            TaskHeaders.builder(id, "captasks.add").lang("py").origin("gen6576@vm").build(),
            new TaskBody(args, null, null),
            new TaskProperties(id, "02fa1503-3d53-3d40-a15f-69a154a62f6a", 0, 2, null, null, null));

    EncodedMessage encoded = codec.encode(message);

    JsonNode captured = Vectors.messages("publish-01-delay.json", null).get(0);
    JsonNode headers = CeleryJson.mapper().valueToTree(encoded.headers());
    assertThat(headers).isEqualTo(captured.get("headers"));
    assertThat(encoded.body()).isEqualTo(Vectors.body(captured));
    assertThat(encoded.properties()).isEqualTo(Vectors.properties(captured));
  }

  @Test
  void decodesNaiveEtaAsUtc() {
    JsonNode captured = Vectors.messages("publish-04-eta-naive.json", null).get(0);

    TaskMessage message =
        codec.decode(
            Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured));

    assertThat(message.headers().eta())
        .isEqualTo(OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
  }

  @Test
  void decodesTimeLimitsHardFirst() {
    JsonNode captured = Vectors.messages("publish-09-timelimits.json", null).get(0);

    TaskMessage message =
        codec.decode(
            Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured));

    assertThat(message.headers().timeLimit()).isEqualTo(new TimeLimit(30.0, 20.0));
  }

  @Test
  void keepsUserHeadersInExtraIncludingBigInts() {
    JsonNode captured =
        Vectors.messages("publish-13-explicit-task-id-and-headers.json", null).get(0);

    TaskMessage message =
        codec.decode(
            Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured));

    assertThat(message.id()).isEqualTo("my-own-task-id-0001");
    assertThat(message.headers().extra())
        .containsExactly(Map.entry("x-custom", "hello"), Map.entry("x-big-int", 1099511627776L));
  }

  @Test
  void decodesLinksIntoEmbed() {
    JsonNode captured = Vectors.messages("publish-12-link-linkerror.json", null).get(0);

    Embed embed =
        codec
            .decode(Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured))
            .body()
            .embed();

    assertThat(embed.callbacks().get(0).get("task").asText()).isEqualTo("captasks.mul");
    assertThat(embed.errbacks().get(0).get("task").asText()).isEqualTo("captasks.on_error");
    assertThat(embed.chain()).isNull();
    assertThat(embed.chord()).isNull();
  }

  /** The message Celery published, rebuilt from the capture without the codec's decode. */
  private static TaskMessage sameContent(JsonNode captured) {
    JsonNode h = captured.get("headers");
    Map<String, Object> extra = new LinkedHashMap<>();
    Map<String, Object> all = Vectors.headers(captured);
    for (String name : extraNames(h)) {
      extra.put(name, all.get(name));
    }
    TaskHeaders headers =
        TaskHeaders.builder(h.get("id").asText(), h.get("task").asText())
            .lang(h.get("lang").asText())
            .rootId(Vectors.text(h, "root_id"))
            .parentId(Vectors.text(h, "parent_id"))
            .group(Vectors.text(h, "group"))
            .groupIndex(h.get("group_index").isNull() ? null : h.get("group_index").intValue())
            .retries(h.get("retries").intValue())
            .eta(time(h.get("eta")))
            .expires(time(h.get("expires")))
            .timeLimit(
                new TimeLimit(
                    seconds(h.get("timelimit").get(0)), seconds(h.get("timelimit").get(1))))
            .shadow(Vectors.text(h, "shadow"))
            .argsRepr(h.get("argsrepr").asText())
            .kwargsRepr(h.get("kwargsrepr").asText())
            .origin(h.get("origin").asText())
            .ignoreResult(h.get("ignore_result").booleanValue())
            .extra(extra)
            .build();
    JsonNode body = captured.get("body");
    JsonNode embed = body.get(2);
    TaskBody taskBody =
        new TaskBody(
            (ArrayNode) body.get(0),
            (ObjectNode) body.get(1),
            new Embed(
                nullable(embed.get("callbacks")),
                nullable(embed.get("errbacks")),
                nullable(embed.get("chain")),
                nullable(embed.get("chord"))));
    return new TaskMessage(headers, taskBody, Vectors.properties(captured));
  }

  /** Checks the Java type against the AMQP tag py-amqp wrote, i.e. what the Java client writes. */
  private static void assertAmqpType(String path, Object value, JsonNode typed) {
    assertThat(typed).as("typed_properties for %s", path).isNotNull();
    switch (typed.get("type").asText()) {
      case "S" -> assertThat(value).as(path).isInstanceOf(String.class);
      case "I" -> assertThat(value).as(path).isInstanceOf(Integer.class);
      case "t" -> assertThat(value).as(path).isInstanceOf(Boolean.class);
      case "V" -> assertThat(value).as(path).isNull();
      case "d" -> assertThat(value).as(path).isInstanceOf(Double.class);
      // py-amqp's own 64-bit tag; Celeriac sends a Long, which the Java client writes as 'l'.
      case "L" -> assertThat(value).as(path).isInstanceOf(Long.class);
      case "A" -> {
        assertThat(value).as(path).isInstanceOf(List.class);
        List<?> list = (List<?>) value;
        JsonNode items = typed.get("value");
        assertThat(list).as(path).hasSize(items.size());
        for (int i = 0; i < list.size(); i++) {
          assertAmqpType(path + "[" + i + "]", list.get(i), items.get(i));
        }
      }
      default -> throw new AssertionError("unexpected tag " + typed + " for " + path);
    }
  }

  private static List<String> extraNames(JsonNode headers) {
    return fieldNames(headers).stream().filter(n -> !Headers.CELERY_5_2.contains(n)).toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      names.add(it.next().getKey());
    }
    return names;
  }

  private static OffsetDateTime time(JsonNode value) {
    return value == null || value.isNull() ? null : CeleryTime.parse(value.asText());
  }

  private static Double seconds(JsonNode value) {
    return value == null || value.isNull() ? null : value.doubleValue();
  }

  private static JsonNode nullable(JsonNode value) {
    return value == null || value.isNull() ? null : value;
  }

  private static JsonNode orNull(JsonNode value) {
    return value == null ? CeleryJson.mapper().nullNode() : value;
  }
}
