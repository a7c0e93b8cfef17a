package dev.celeriac.client.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.protocol.Embed;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskProperties;
import org.junit.jupiter.api.Test;

class ResultTargetTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static TaskMessage request() {
    TaskHeaders headers =
        new TaskHeaders(
            "task-1",
            "tasks.add",
            "py",
            "root-1",
            "parent-1",
            "group-1",
            0,
            2,
            null,
            null,
            null,
            null,
            "(2, 3)",
            "{}",
            "gen1@host",
            false,
            null);
    TaskBody body =
        new TaskBody(NODES.arrayNode().add(2), NODES.objectNode().put("y", 3), Embed.EMPTY);
    return new TaskMessage(
        headers, body, new TaskProperties("task-1", "reply-q", 0, 2, null, null, null));
  }

  @Test
  void ofRequestCarriesGroupParentAndCall() {
    ResultTarget target = ResultTarget.of(request(), "celery@host", "celery");

    assertThat(target.taskId()).isEqualTo("task-1");
    assertThat(target.replyTo()).isEqualTo("reply-q");
    assertThat(target.groupId()).isEqualTo("group-1");
    assertThat(target.parentId()).isEqualTo("parent-1");
    assertThat(target.request())
        .isEqualTo(
            new ResultTarget.Request(
                "tasks.add",
                NODES.arrayNode().add(2),
                NODES.objectNode().put("y", 3),
                "celery@host",
                2,
                "celery"));
  }

  @Test
  void fourArgumentTargetHasNoParentOrRequest() {
    ResultTarget target = new ResultTarget("task-1", "", null, null);

    assertThat(target.replyTo()).isNull();
    assertThat(target.correlationId()).isEqualTo("task-1");
    assertThat(target.parentId()).isNull();
    assertThat(target.request()).isNull();
  }

  @Test
  void optionsDefaultToCeleryDefaults() {
    assertThat(ResultBackendOptions.defaults())
        .isEqualTo(new ResultBackendOptions(java.time.Duration.ofDays(1), false, false));
  }
}
