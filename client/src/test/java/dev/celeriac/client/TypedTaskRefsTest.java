package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.Task;
import dev.celeriac.client.internal.FakeBrokerPort;
import dev.celeriac.client.results.FakeResultBackend;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Typed references send what their untyped counterpart sends: the task name from {@code @Task} and
 * the arguments in parameter order. Checked on the messages an app publishes to an in-memory
 * broker.
 */
class TypedTaskRefsTest {

  static final class Tasks {
    @Task(name = "t.zero")
    static String zero() {
      return "";
    }

    @Task(name = "t.one")
    static long one(long a) {
      return a;
    }

    @Task(name = "t.two")
    static int two(int a, String b) {
      return a;
    }

    @Task(name = "t.three")
    static int three(int a, String b, boolean c) {
      return a;
    }

    @Task(name = "t.four", queue = "fours")
    static int four(int a, String b, boolean c, double d) {
      return a;
    }
  }

  private final FakeBrokerPort broker = new FakeBrokerPort(false, false);
  private final Celeriac app =
      Celeriac.builder().buildOn(broker, new FakeResultBackend(false), Clock.systemUTC());

  @AfterEach
  void close() {
    app.close();
  }

  /** The task name and positional arguments of each published message. */
  private List<String> sent() {
    return broker.published().stream()
        .map(p -> p.task() + CeleryJson.read(p.body()).get(0).toString())
        .toList();
  }

  @Test
  void delaySendsTheAnnotatedNameAndArgumentsInParameterOrder() {
    app.task(Tasks::zero).delay();
    app.task(Tasks::one).delay(1L);
    app.task(Tasks::two).delay(1, "b");
    app.task(Tasks::three).delay(1, "b", true);
    app.task(Tasks::four).delay(1, "b", true, 4.5);
    assertThat(sent())
        .containsExactly(
            "t.zero[]",
            "t.one[1]",
            "t.two[1,\"b\"]",
            "t.three[1,\"b\",true]",
            "t.four[1,\"b\",true,4.5]");
    assertThat(broker.routingKeys()).endsWith("fours"); // @Task(queue) applies to typed calls
  }

  @Test
  void applyAsyncPassesTheCallOptions() {
    app.task(Tasks::two).applyAsync(1, "b", TaskOptions.builder().queue("elsewhere").build());
    assertThat(broker.routingKeys()).containsExactly("elsewhere");
  }

  @Test
  void delayAllSendsOneMessagePerArgumentListInOrder() {
    var results = app.task(Tasks::two).delayAll(List.of(List.of(1, "a"), List.of(2, "b")));
    assertThat(results).hasSize(2);
    assertThat(sent()).containsExactly("t.two[1,\"a\"]", "t.two[2,\"b\"]");
    app.task(Tasks::zero).delayAll(List.of(List.of(), List.of()));
    app.task(Tasks::four).delayAll(List.of(List.of(1, "b", true, 4.5)));
    assertThat(sent()).hasSize(5).last().isEqualTo("t.four[1,\"b\",true,4.5]");
  }

  @Test
  void delayAllRefusesAnArgumentListOfTheWrongLengthBeforeSendingAny() {
    assertThatThrownBy(
            () -> app.task(Tasks::three).delayAll(List.of(List.of(1, "b", true), List.of(1))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("t.three takes 3 argument(s); argument list 1 has 1");
    assertThat(broker.published()).isEmpty();
  }

  @Test
  void signaturesKeepArgumentOrderAndPartialsTakeTheLastArguments() {
    var three = app.task(Tasks::three);
    assertThat(three.s(1, "b", true).args().toString()).isEqualTo("[1,\"b\",true]");
    assertThat(three.s("b", true).args().toString()).isEqualTo("[\"b\",true]");
    assertThat(three.s(true).args().toString()).isEqualTo("[true]");
    assertThat(three.s().args()).isEmpty();
    assertThat(three.si(1, "b", true).immutable()).isTrue();
    assertThat(three.s(1, "b", true).task()).isEqualTo("t.three");
    assertThat(app.task(Tasks::four).s(4.5).queue()).isEqualTo("fours");
  }

  @Test
  void mapSendsOneCeleryMapMessageNamingTheTask() {
    app.task(Tasks::one).map(List.of(1L, 2L)).delay();
    JsonNode kwargs = CeleryJson.read(broker.published().getFirst().body()).get(1);
    assertThat(broker.published().getFirst().task()).isEqualTo("celery.map");
    assertThat(kwargs.get("task").get("task").asText()).isEqualTo("t.one");
    assertThat(kwargs.get("it").toString()).isEqualTo("[1,2]");
  }

  @Test
  void chunksSplitsArgumentListsIntoStarmapMessages() {
    var chunks =
        app.task(Tasks::two).chunks(List.of(List.of(1, "a"), List.of(2, "b"), List.of(3, "c")), 2);
    assertThat(chunks.members()).extracting(Signature::task).containsOnly("celery.starmap");
    assertThat(chunks.members()).extracting(s -> s.kwargs().get("it").size()).containsExactly(2, 1);
  }

  @Test
  void typedReferencesNameTheirTask() {
    assertThat(app.task(Tasks::zero).name()).isEqualTo("t.zero");
    assertThat(app.task(Tasks::four).untyped().name()).isEqualTo("t.four");
    assertThat(app.task(Tasks::two)).hasToString("TaskRef2[t.two]");
  }
}
