package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultCodecTest {

  private static final String ID = "4fd364ef-3b4a-48ba-9b4a-98b3cde81e77";

  private final ResultCodec codec = new ResultCodec();

  static class Nested extends RuntimeException {
    Nested(String message) {
      super(message);
    }
  }

  @Test
  void encodesSuccessExactlyLikeCelery() {
    byte[] body =
        codec.encode(new ResultMessage(ID, TaskState.SUCCESS, IntNode.valueOf(5), null, null));

    assertThat(text(body))
        .isEqualTo(
            "{\"task_id\": \""
                + ID
                + "\", \"status\": \"SUCCESS\", \"result\": 5, \"traceback\": null, \"children\": []}");
  }

  @Test
  void encodesNullResultAsJsonNull() {
    assertThat(text(codec.encode(new ResultMessage(ID, TaskState.STARTED, null, null, null))))
        .contains("\"result\": null");
  }

  @Test
  void decodesNewerCeleryResultWithExtraKeys() {
    ResultMessage result =
        codec.decode(
            bytes(
                "{\"task_id\": \"t1\", \"status\": \"SUCCESS\", \"result\": [1], \"traceback\": null,"
                    + " \"children\": [], \"date_done\": \"2030-01-02T03:04:05+00:00\", \"group_id\": null,"
                    + " \"name\": \"tasks.add\"}"));

    assertThat(result.taskId()).isEqualTo("t1");
    assertThat(result.status()).isEqualTo(TaskState.SUCCESS);
    assertThat(result.result().get(0).intValue()).isEqualTo(1);
  }

  @Test
  void decodesResultWithoutTracebackOrChildren() {
    ResultMessage result = codec.decode(bytes("{\"task_id\": \"t1\", \"status\": \"STARTED\"}"));

    assertThat(result.result().isNull()).isTrue();
    assertThat(result.traceback()).isNull();
    assertThat(result.children().isArray()).isTrue();
    assertThat(result.children().isEmpty()).isTrue();
  }

  @Test
  void rejectsResultThatIsNotAnObject() {
    assertThatThrownBy(() -> codec.decode(bytes("[1]")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("result body must be a JSON object")
        .hasMessageEndingWith("got a JSON array");
  }

  @Test
  void rejectsResultWithoutTaskIdOrStatus() {
    assertThatThrownBy(() -> codec.decode(bytes("{\"status\": \"SUCCESS\"}")))
        .hasMessage("result body has no 'task_id' string");
    assertThatThrownBy(() -> codec.decode(bytes("{\"task_id\": \"t1\", \"status\": 3}")))
        .hasMessage("result body has no 'status' string; got a JSON number");
  }

  @Test
  void rejectsCustomStates() {
    assertThatThrownBy(() -> codec.decode(bytes("{\"task_id\": \"t1\", \"status\": \"PROGRESS\"}")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("status 'PROGRESS'");
  }

  @Test
  void rejectsResultThatIsNotJson() {
    assertThatThrownBy(() -> codec.decode(bytes("{\"task_id\"")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("result body is not valid JSON: ");
  }

  @Test
  void rejectsPickledResult() {
    assertThatThrownBy(() -> codec.decode("application/x-python-serialize", null, bytes("x")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("result_serializer='json'");
  }

  @Test
  void encodesExceptionInCeleryKeyOrder() {
    RemoteException exception =
        new RemoteException(
            "ValueError", "builtins", CeleryJson.mapper().createArrayNode().add("boom"));

    assertThat(CeleryJson.write(ResultCodec.encodeException(exception)))
        .isEqualTo(
            "{\"exc_type\": \"ValueError\", \"exc_message\": [\"boom\"], \"exc_module\": \"builtins\"}");
    assertThat(CeleryJson.write(ResultCodec.encodeException(new RemoteException("E", null, null))))
        .isEqualTo("{\"exc_type\": \"E\", \"exc_message\": [], \"exc_module\": null}");
  }

  @Test
  void decodesStringExceptionMessageByWrappingIt() {
    RemoteException exception =
        ResultCodec.decodeException(
            json(
                "{\"exc_type\": \"ValueError\", \"exc_message\": \"boom\", \"exc_module\": \"builtins\"}"));

    assertThat(exception.message().toString()).isEqualTo("[\"boom\"]");
  }

  @Test
  void decodesMissingExceptionMessageAsEmpty() {
    RemoteException exception =
        ResultCodec.decodeException(json("{\"exc_type\": \"SoftTimeLimitExceeded\"}"));

    assertThat(exception.message().isEmpty()).isTrue();
    assertThat(exception.module()).isNull();
    assertThat(exception.qualifiedType()).isEqualTo("SoftTimeLimitExceeded");
  }

  @Test
  void rejectsExceptionWithoutType() {
    assertThatThrownBy(() -> ResultCodec.decodeException(json("{\"exc_message\": []}")))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("encoded exception has no 'exc_type' string");
    assertThatThrownBy(() -> ResultCodec.decodeException(json("5")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("got a JSON number");
  }

  @Test
  void describesJavaExceptionsWithPackageAsModule() {
    RemoteException exception = RemoteException.of(new IllegalStateException("closed"));

    assertThat(exception.type()).isEqualTo("IllegalStateException");
    assertThat(exception.module()).isEqualTo("java.lang");
    assertThat(exception.message().toString()).isEqualTo("[\"closed\"]");
    assertThat(RemoteException.of(new NullPointerException()).message().isEmpty()).isTrue();
  }

  @Test
  void namesNestedClassesWithDotsLikePythonQualnames() {
    RemoteException exception = RemoteException.of(new Nested("x"));

    assertThat(exception.type()).isEqualTo("ResultCodecTest.Nested");
    assertThat(exception.module()).isEqualTo("dev.celeriac.protocol");
    assertThat(exception.qualifiedType()).isEqualTo(Nested.class.getCanonicalName());
  }

  @Test
  void namesAnonymousClassesByBinaryName() {
    RuntimeException anonymous = new RuntimeException("x") {};

    assertThat(RemoteException.of(anonymous).type()).isEqualTo("ResultCodecTest$1");
  }

  @Test
  void showsMessageTextLikePythonStr() {
    assertThat(RemoteException.of(new IllegalStateException("closed")).messageText())
        .isEqualTo("closed");
    assertThat(
            ResultCodec.decodeException(json("{\"exc_type\": \"E\", \"exc_message\": [1]}"))
                .messageText())
        .isEqualTo("1");
    assertThat(
            ResultCodec.decodeException(json("{\"exc_type\": \"E\", \"exc_message\": []}"))
                .messageText())
        .isEmpty();
  }

  @Test
  void formatsJavaStackTraceWithCauses() {
    Exception failure = new IllegalStateException("outer", new IllegalArgumentException("inner"));

    String traceback = Tracebacks.format(failure);

    assertThat(traceback)
        .startsWith("java.lang.IllegalStateException: outer\n")
        .contains("\tat dev.celeriac.protocol.ResultCodecTest.formatsJavaStackTraceWithCauses")
        .contains("Caused by: java.lang.IllegalArgumentException: inner")
        .doesNotContain("\r");
  }

  @Test
  void roundTripsFailureResult() {
    Exception failure = new IllegalStateException("closed");
    ResultMessage result =
        new ResultMessage(
            ID,
            TaskState.FAILURE,
            ResultCodec.encodeException(RemoteException.of(failure)),
            Tracebacks.format(failure),
            CeleryJson.mapper().createArrayNode());

    ResultMessage back = codec.decode(codec.encode(result));

    assertThat(back).isEqualTo(result);
    assertThat(ResultCodec.decodeException(back.result())).isEqualTo(RemoteException.of(failure));
  }

  private static JsonNode json(String text) {
    return CeleryJson.read(bytes(text));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}
