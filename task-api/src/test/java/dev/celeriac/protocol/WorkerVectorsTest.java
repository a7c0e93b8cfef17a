package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against a Celery 5.2.6 worker's traffic ({@code worker-*.json}): every task message
 * decodes, every {@code rpc://} result decodes, and re-encoding a decoded result gives the captured
 * body byte for byte.
 */
class WorkerVectorsTest {

  private final TaskMessageCodec tasks = new TaskMessageCodec();
  private final ResultCodec results = new ResultCodec();

  static Stream<Arguments> taskMessages() {
    return messages("task");
  }

  static Stream<Arguments> resultMessages() {
    return messages("result");
  }

  private static Stream<Arguments> messages(String kind) {
    List<Arguments> out = new ArrayList<>();
    for (String file : Vectors.files("worker-")) {
      List<JsonNode> messages = Vectors.messages(file, kind);
      for (int i = 0; i < messages.size(); i++) {
        out.add(Arguments.of(file + "#" + kind + i, messages.get(i)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taskMessages")
  void decodesEveryTaskMessage(String name, JsonNode captured) {
    TaskMessage message =
        tasks.decode(
            Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured));

    assertThat(message.id()).isEqualTo(captured.get("headers").get("id").asText());
    assertThat(message.taskName()).isEqualTo(captured.get("headers").get("task").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resultMessages")
  void reencodesEveryResultByteForByte(String name, JsonNode captured) {
    byte[] body = Vectors.body(captured);

    ResultMessage result = results.decode(body);

    assertThat(result.taskId())
        .isEqualTo(captured.get("properties").get("correlation_id").asText());
    assertThat(new String(results.encode(result), StandardCharsets.UTF_8))
        .isEqualTo(captured.get("body_raw").textValue());
  }

  @Test
  void readsSuccessResult() {
    List<ResultMessage> messages = decodeResults("worker-01-add-success.json");

    assertThat(messages)
        .extracting(ResultMessage::status)
        .containsExactly(TaskState.STARTED, TaskState.SUCCESS);
    assertThat(messages.get(0).result().get("hostname").asText()).isEqualTo("capture@capturehost");
    assertThat(messages.get(1).result().intValue()).isEqualTo(5);
    assertThat(messages.get(1).traceback()).isNull();
    assertThat(messages.get(1).children().isEmpty()).isTrue();
  }

  @Test
  void readsBuiltinExceptionFailure() {
    ResultMessage failure = decodeResults("worker-03-failure-builtin.json").get(1);

    assertThat(failure.status()).isEqualTo(TaskState.FAILURE);
    RemoteException exception = ResultCodec.decodeException(failure.result());
    assertThat(exception.qualifiedType()).isEqualTo("builtins.ValueError");
    assertThat(exception.message().toString()).isEqualTo("[\"boom\"]");
    assertThat(exception.messageText()).isEqualTo("boom");
    assertThat(failure.traceback())
        .startsWith("Traceback (most recent call last):")
        .endsWith("ValueError: boom\n");
  }

  @Test
  void readsCustomExceptionWithSeveralArguments() {
    ResultMessage failure = decodeResults("worker-04-failure-custom.json").get(1);

    RemoteException exception = ResultCodec.decodeException(failure.result());
    assertThat(exception.type()).isEqualTo("CaptureError");
    assertThat(exception.module()).isEqualTo("captasks");
    assertThat(exception.message().toString()).isEqualTo("[42,\"custom\"]");
    assertThat(exception.messageText()).isEqualTo("(42, 'custom')");
  }

  @Test
  void readsNotRegisteredFailureWithoutTraceback() {
    ResultMessage failure = decodeResults("worker-14-unknown-task.json").get(0);

    assertThat(failure.status()).isEqualTo(TaskState.FAILURE);
    assertThat(failure.traceback()).isNull();
    assertThat(ResultCodec.decodeException(failure.result()))
        .isEqualTo(
            new RemoteException(
                "NotRegistered",
                "celery.exceptions",
                CeleryJson.mapper().createArrayNode().add("java.tasks.echo")));
  }

  @Test
  void readsChildrenOfChainStep() {
    ResultMessage success =
        decodeResults("worker-08-chain.json").stream()
            .filter(r -> r.status() == TaskState.SUCCESS && !r.children().isEmpty())
            .findFirst()
            .orElseThrow();

    assertThat(success.children().get(0).get(0).get(1).isNull()).isTrue();
  }

  @Test
  void decodesMessageWithOnlyIdAndTaskHeaders() {
    TaskMessage message = decodeTask("worker-30-handcrafted-minimal-headers.json");

    TaskHeaders h = message.headers();
    assertThat(h.lang()).isNull();
    assertThat(h.rootId()).isNull();
    assertThat(h.retries()).isZero();
    assertThat(h.timeLimit()).isEqualTo(TimeLimit.NONE);
    assertThat(h.ignoreResult()).isFalse();
    assertThat(h.argsRepr()).isNull();
    assertThat(h.extra()).isEmpty();
    assertThat(message.body().args().toString()).isEqualTo("[20,22]");
    assertThat(message.body().embed()).isEqualTo(Embed.EMPTY);
  }

  @Test
  void decodesNullEmbed() {
    assertThat(decodeTask("worker-31-handcrafted-embed-null.json").body().embed())
        .isEqualTo(Embed.EMPTY);
  }

  @Test
  void decodesJavaLangAndNaiveEta() {
    TaskMessage message = decodeTask("worker-32-handcrafted-naive-eta.json");

    assertThat(message.headers().lang()).isEqualTo("java");
    // The Celery worker (timezone UTC) reported this eta as 2026-11-22T08:03:40.572892+00:00.
    assertThat(message.headers().eta())
        .isEqualTo(OffsetDateTime.of(2026, 11, 22, 8, 3, 40, 572_892_000, ZoneOffset.UTC));
  }

  @Test
  void decodesHybridObjectBody() {
    TaskMessage message = decodeTask("worker-33-handcrafted-dict-body.json");

    assertThat(message.body().args().toString()).isEqualTo("[1,2]");
    assertThat(message.body().kwargs().isEmpty()).isTrue();
    assertThat(message.body().embed()).isEqualTo(Embed.EMPTY);
  }

  @Test
  void decodesMessagesCeleriacsPrototypeSentToPython() {
    List<JsonNode> sent = Vectors.messages("worker-51-java-to-python.json", "task");

    TaskMessage second =
        tasks.decode(
            Vectors.headers(sent.get(1)),
            Vectors.properties(sent.get(1)),
            Vectors.body(sent.get(1)));

    assertThat(second.headers().lang()).isEqualTo("java");
    assertThat(second.headers().timeLimit()).isEqualTo(new TimeLimit(30.0, null));
  }

  private TaskMessage decodeTask(String file) {
    JsonNode captured = Vectors.messages(file, "task").get(0);
    return tasks.decode(
        Vectors.headers(captured), Vectors.properties(captured), Vectors.body(captured));
  }

  private List<ResultMessage> decodeResults(String file) {
    return Vectors.messages(file, "result").stream()
        .map(m -> results.decode(Vectors.body(m)))
        .toList();
  }
}
