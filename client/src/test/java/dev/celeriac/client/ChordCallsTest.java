package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.client.internal.FakeBrokerPort;
import dev.celeriac.client.results.FakeResultBackend;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a chord is sent, by backend: refused on rpc:// before anything is published; on a durable
 * backend without a join, preceded by Celery's celery.chord_unlock.
 */
class ChordCallsTest {

  private final FakeBrokerPort broker = new FakeBrokerPort(false, false);

  private Celeriac app(FakeResultBackend results) {
    return Celeriac.builder().defaultQueue("q").buildOn(broker, results, Clock.systemUTC());
  }

  @Test
  void rpcRefusesAChordAndAGroupFollowedByStepsBeforePublishingAnything() {
    try (Celeriac app = app(new FakeResultBackend(false))) {
      var add = app.task("tasks.add", Integer.class);
      var sum = app.task("tasks.sum", Integer.class);
      assertThatThrownBy(() -> Canvas.chord(List.of(add.s(1, 1)), sum.s()).applyAsync())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("fake-rpc://")
          .hasMessageContaining("Configure a durable result backend");
      assertThatThrownBy(
              () ->
                  Canvas.chain(add.s(1, 1), Canvas.group(add.s(1), add.s(2)).asSignature(), sum.s())
                      .applyAsync())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("a group followed by more steps in a chain is a chord");
      assertThat(broker.published()).isEmpty();
    }
  }

  @Test
  void aBackendWithoutAJoinGetsCeleryChordUnlockFirstThenTheMembersWithTheBody() {
    FakeResultBackend results = new FakeResultBackend(true);
    try (Celeriac app = app(results)) {
      var add = app.task("tasks.add", Integer.class);
      AsyncResult<Integer> body =
          Canvas.chord(List.of(add.s(1, 1), add.s(2, 2)), app.task("tasks.sum", Integer.class).s())
              .applyAsync();

      assertThat(broker.published())
          .extracting(FakeBrokerPort.Published::task)
          .containsExactly("celery.chord_unlock", "tasks.add", "tasks.add");
      JsonNode unlock = CeleryJson.read(broker.published().getFirst().body());
      String groupId = unlock.path(0).path(0).asText();
      assertThat(unlock.path(0).path(1).path("options").path("task_id").asText())
          .isEqualTo(body.id());
      assertThat(unlock.path(1).path("result")).hasSize(2);
      assertThat(broker.published().getFirst().properties().getHeaders().get("eta")).isNotNull();
      for (int i = 1; i <= 2; i++) {
        var member = broker.published().get(i);
        assertThat(String.valueOf(member.properties().getHeaders().get("group")))
            .isEqualTo(groupId);
        assertThat(member.properties().getHeaders().get("group_index")).isEqualTo(i - 1);
        assertThat(
                CeleryJson.read(member.body())
                    .path(2)
                    .path("chord")
                    .path("options")
                    .path("task_id")
                    .asText())
            .isEqualTo(body.id());
      }
      results.deliver(
          new ResultMessage(body.id(), TaskState.SUCCESS, IntNode.valueOf(6), null, null));
      assertThat(body.get(Duration.ofSeconds(1))).isEqualTo(6);
    }
  }

  @Test
  void aHeaderMemberThatIsNotAPlainTaskIsRefused() {
    try (Celeriac app = app(new FakeResultBackend(true))) {
      var add = app.task("tasks.add", Integer.class);
      Signature<?> nested = Canvas.group(add.s(1, 1)).asSignature();
      assertThatThrownBy(
              () ->
                  Canvas.chord(List.of(nested), add.s(0).withOption("x", TextNode.valueOf("y")))
                      .applyAsync())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("plain task signatures");
    }
  }
}
