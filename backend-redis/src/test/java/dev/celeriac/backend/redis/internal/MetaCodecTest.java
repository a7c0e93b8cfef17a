package dev.celeriac.backend.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetaCodecTest {

  private static final String KEY = "celery-task-meta-t1";

  @Test
  void dateDoneIsNaiveUtcWithMicrosecondsOnlyWhenNonZero() {
    assertThat(MetaCodec.dateDone(Instant.parse("2026-12-04T16:01:45.523683999Z")))
        .isEqualTo("2026-12-04T16:01:45.523683");
    assertThat(MetaCodec.dateDone(Instant.parse("2026-12-04T16:01:45Z")))
        .isEqualTo("2026-12-04T16:01:45");
    assertThat(MetaCodec.dateDone(Instant.parse("2026-12-04T16:01:45.000001Z")))
        .isEqualTo("2026-12-04T16:01:45.000001");
  }

  @Test
  void nullResultAndChildrenAreWrittenAsNullAndEmptyList() {
    byte[] meta =
        MetaCodec.encode(
            new ResultTarget("t1", null, null, null),
            new ResultMessage("t1", TaskState.STARTED, null, null, null),
            Instant.EPOCH,
            true);

    assertThat(new String(meta, UTF_8))
        .isEqualTo(
            "{\"status\": \"STARTED\", \"result\": null, \"traceback\": null, \"children\": [],"
                + " \"date_done\": null, \"task_id\": \"t1\"}");
  }

  @Test
  void refusesValueThatIsNotJsonNamingTheKey() {
    byte[] pickle = {(byte) 0x80, 0x04, (byte) 0x95, 0x10, 0x00};

    assertThatThrownBy(() -> MetaCodec.decode(KEY, "t1", pickle))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("Redis key '" + KEY + "'")
        .hasMessageContaining("not JSON");
  }

  @Test
  void refusesJsonThatIsNotAnObject() {
    assertThatThrownBy(() -> MetaCodec.decode(KEY, "t1", "[1, 2]".getBytes(UTF_8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("JSON array");
  }

  @Test
  void refusesObjectWithoutStatus() {
    assertThatThrownBy(() -> MetaCodec.decode(KEY, "t1", "{\"result\": 1}".getBytes(UTF_8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("no \"status\"");
  }

  @Test
  void refusesMetaOfAnotherTask() {
    byte[] other = "{\"status\": \"SUCCESS\", \"result\": 1, \"task_id\": \"t2\"}".getBytes(UTF_8);

    assertThatThrownBy(() -> MetaCodec.decode(KEY, "t1", other))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("belongs to task 't2'");
  }

  @Test
  void refusesTracebackThatIsNotText() {
    byte[] meta = "{\"status\": \"FAILURE\", \"traceback\": 5}".getBytes(UTF_8);

    assertThatThrownBy(() -> MetaCodec.decode(KEY, "t1", meta))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("traceback");
  }

  @Test
  void customStateIsReportedWithoutMessage() {
    byte[] meta =
        "{\"status\": \"PROGRESS\", \"result\": {\"done\": 3}, \"task_id\": \"t1\"}"
            .getBytes(UTF_8);

    MetaCodec.Stored stored = MetaCodec.decode(KEY, "t1", meta);

    assertThat(stored.status()).isEqualTo("PROGRESS");
    assertThat(stored.message()).isNull();
  }

  @Test
  void metaWithoutTaskIdOrChildrenReadsWithTheKeysTask() {
    ResultMessage message =
        MetaCodec.decode(KEY, "t1", "{\"status\": \"SUCCESS\", \"result\": 5}".getBytes(UTF_8))
            .message();

    assertThat(message.taskId()).isEqualTo("t1");
    assertThat(message.result()).isEqualTo(IntNode.valueOf(5));
    assertThat(message.children()).isEqualTo(JsonNodeFactory.instance.arrayNode());
  }

  @Test
  void refusesGroupValueWithoutMembers() {
    assertThatThrownBy(
            () -> MetaCodec.decodeGroup("celery-taskset-meta-g", "{\"result\": 1}".getBytes(UTF_8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("celery-taskset-meta-g");
  }
}
