package dev.celeriac.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.celeriac.Task;
import dev.celeriac.client.TaskMessageFactory.Prepared;
import dev.celeriac.client.TaskMessageFactory.PreparedChain;
import dev.celeriac.client.internal.FakeBrokerPort;
import dev.celeriac.client.results.FakeResultBackend;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TimeLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Option precedence and message building, one test per level and per field: call-time options, then
 * the signature's options (which carry the {@code @Task} defaults unless overridden), then the
 * app's defaults.
 */
class TaskMessageFactoryTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final class Tasks {
    @Task(name = "tasks.add")
    static int add(int x, int y) {
      return x + y;
    }

    @Task(name = "tasks.routed", queue = "annotated", ignoreResult = true)
    static int routed(int x) {
      return x;
    }
  }

  private final AtomicInteger ids = new AtomicInteger();
  private final TaskMessageFactory factory = factory("fake-replies");
  private final Celeriac app =
      Celeriac.builder()
          .defaultQueue("app-default")
          .buildOn(new FakeBrokerPort(false, false), new FakeResultBackend(false), CLOCK);

  private TaskMessageFactory factory(String replyTo) {
    return TaskMessageFactory.builder()
        .defaultQueue("app-default")
        .origin("gen1@host")
        .replyTo(replyTo)
        .clock(CLOCK)
        .ids(() -> "id-" + ids.incrementAndGet())
        .build();
  }

  private static Signature<Object> sig(String task, Object... args) {
    return Signature.of(
        null, task, CeleryJson.mapper().valueToTree(List.of(args)), null, null, false, null);
  }

  private Prepared prepare(Signature<?> sig, TaskOptions.Builder options) {
    return factory.prepare(sig, options.build());
  }

  private Prepared prepare(Signature<?> sig) {
    return factory.prepare(sig, TaskOptions.NONE);
  }

  // --- task id

  @Test
  void callTaskIdWinsOverTheSignatures() {
    Signature<?> sig = sig("t").withOption("task_id", TextNode.valueOf("from-signature"));
    Prepared p = prepare(sig, TaskOptions.builder().taskId("from-call"));
    assertThat(p.id()).isEqualTo("from-call");
    assertThat(p.message().headers().id()).isEqualTo("from-call");
    assertThat(p.message().properties().correlationId()).isEqualTo("from-call");
  }

  @Test
  void signatureTaskIdWinsOverANewOne() {
    Signature<?> sig = sig("t").withOption("task_id", TextNode.valueOf("from-signature"));
    assertThat(prepare(sig).id()).isEqualTo("from-signature");
    assertThat(ids).hasValue(0);
  }

  @Test
  void newTaskIdWhenNoneIsGiven() {
    assertThat(prepare(sig("t")).id()).isEqualTo("id-1");
    assertThat(prepare(sig("t")).id()).isEqualTo("id-2");
  }

  // --- queue

  @Test
  void callQueueWinsOverSignatureAndTaskDefault() {
    Signature<?> sig = app.task(Tasks::routed).s(1).withQueue("from-signature");
    assertThat(prepare(sig, TaskOptions.builder().queue("from-call")).queue())
        .isEqualTo("from-call");
  }

  @Test
  void signatureQueueWinsOverTaskDefault() {
    Signature<?> sig = app.task(Tasks::routed).s(1).withQueue("from-signature");
    assertThat(prepare(sig).queue()).isEqualTo("from-signature");
  }

  @Test
  void taskDefaultQueueWinsOverAppDefault() {
    assertThat(prepare(app.task(Tasks::routed).s(1)).queue()).isEqualTo("annotated");
  }

  @Test
  void appDefaultQueueWhenNothingNamesOne() {
    assertThat(prepare(app.task(Tasks::add).s(1, 2)).queue()).isEqualTo("app-default");
  }

  // --- ignore_result

  @Test
  void callIgnoreResultWinsOverTaskDefault() {
    Prepared p = prepare(app.task(Tasks::routed).s(1), TaskOptions.builder().ignoreResult(false));
    assertThat(p.ignoreResult()).isFalse();
    assertThat(p.message().headers().ignoreResult()).isFalse();
  }

  @Test
  void signatureIgnoreResultWinsOverTaskDefault() {
    Signature<?> sig = app.task(Tasks::routed).s(1).withOption("ignore_result", BooleanNode.FALSE);
    assertThat(prepare(sig).ignoreResult()).isFalse();
  }

  @Test
  void taskDefaultIgnoreResultApplies() {
    Prepared p = prepare(app.task(Tasks::routed).s(1));
    assertThat(p.ignoreResult()).isTrue();
    assertThat(p.message().headers().ignoreResult()).isTrue();
  }

  @Test
  void resultsAreKeptByDefault() {
    assertThat(prepare(sig("t")).ignoreResult()).isFalse();
  }

  // --- priority

  @Test
  void callPriorityWinsOverTheSignatures() {
    Signature<?> sig = sig("t").withOption("priority", IntNode.valueOf(3));
    Prepared p = prepare(sig, TaskOptions.builder().priority(9));
    assertThat(p.message().properties().priority()).isEqualTo(9);
  }

  @Test
  void signaturePriorityWinsOverZero() {
    Signature<?> sig = sig("t").withOption("priority", IntNode.valueOf(3));
    assertThat(prepare(sig).message().properties().priority()).isEqualTo(3);
  }

  @Test
  void priorityIsZeroByDefault() {
    assertThat(prepare(sig("t")).message().properties().priority()).isZero();
  }

  // --- reply_to

  @Test
  void signatureReplyToWinsOverTheBackends() {
    Signature<?> sig = sig("t").withOption("reply_to", TextNode.valueOf("frozen-replies"));
    assertThat(prepare(sig).message().properties().replyTo()).isEqualTo("frozen-replies");
  }

  @Test
  void replyToIsTheResultBackendsReplyQueue() {
    assertThat(prepare(sig("t")).message().properties().replyTo()).isEqualTo("fake-replies");
  }

  @Test
  void noReplyToWhenTheBackendHasNone() {
    Prepared p = factory(null).prepare(sig("t"), TaskOptions.NONE);
    assertThat(p.message().properties().replyTo()).isNull();
  }

  // --- eta and expiry

  @Test
  void etaFromTheCallIsSentExactlyInUtc() {
    Instant eta = NOW.plusSeconds(90).plusMillis(123);
    TaskMessage m = prepare(sig("t"), TaskOptions.builder().eta(eta)).message();
    assertThat(m.headers().eta().toInstant()).isEqualTo(eta);
    assertThat(m.headers().eta().getOffset()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void countdownIsMeasuredFromTheClock() {
    TaskMessage m =
        prepare(sig("t"), TaskOptions.builder().countdown(Duration.ofSeconds(10))).message();
    assertThat(m.headers().eta().toInstant()).isEqualTo(NOW.plusSeconds(10));
  }

  @Test
  void noEtaWithoutEtaOrCountdown() {
    assertThat(prepare(sig("t")).message().headers().eta()).isNull();
  }

  @Test
  void expiresGoesInTheHeaderAndAsMillisecondsLeftInTheAmqpExpiration() {
    TaskMessage m =
        prepare(sig("t"), TaskOptions.builder().expires(NOW.plusSeconds(120).plusMillis(5)))
            .message();
    assertThat(m.headers().expires().toInstant()).isEqualTo(NOW.plusSeconds(120).plusMillis(5));
    assertThat(m.properties().expiration()).isEqualTo("120005");
  }

  @Test
  void expiryInThePastIsZeroMilliseconds() {
    TaskMessage m = prepare(sig("t"), TaskOptions.builder().expires(NOW.minusSeconds(1))).message();
    assertThat(m.properties().expiration()).isEqualTo("0");
  }

  @Test
  void noExpiryByDefault() {
    TaskMessage m = prepare(sig("t")).message();
    assertThat(m.headers().expires()).isNull();
    assertThat(m.properties().expiration()).isNull();
  }

  // --- time limits and headers

  @Test
  void timeLimitsAreSentInSecondsHardFirst() {
    TaskMessage m =
        prepare(
                sig("t"),
                TaskOptions.builder()
                    .timeLimit(Duration.ofMillis(30_500))
                    .softTimeLimit(Duration.ofSeconds(20)))
            .message();
    assertThat(m.headers().timeLimit()).isEqualTo(new TimeLimit(30.5, 20.0));
  }

  @Test
  void noTimeLimitsByDefault() {
    assertThat(prepare(sig("t")).message().headers().timeLimit()).isEqualTo(TimeLimit.NONE);
  }

  @Test
  void callHeadersAreExtraHeaders() {
    TaskMessage m = prepare(sig("t"), TaskOptions.builder().header("x-custom", "abc")).message();
    assertThat(m.headers().extra()).isEqualTo(Map.of("x-custom", "abc"));
  }

  // --- identity headers and properties

  @Test
  void topLevelCallIsItsOwnRootFromThisOrigin() {
    Prepared p = prepare(sig("tasks.add", 2, 3));
    var h = p.message().headers();
    assertThat(h.task()).isEqualTo("tasks.add");
    assertThat(h.rootId()).isEqualTo(p.id());
    assertThat(h.parentId()).isNull();
    assertThat(h.lang()).isEqualTo("java");
    assertThat(h.origin()).isEqualTo("gen1@host");
    assertThat(h.retries()).isZero();
    assertThat(p.message().properties().deliveryMode()).isEqualTo(2);
    assertThat(p.message().properties().contentType()).isEqualTo("application/json");
    assertThat(p.message().body().args().toString()).isEqualTo("[2,3]");
  }

  // --- groups

  @Test
  void groupMemberCarriesGroupIdAndIndex() {
    Signature<?> sig = sig("t").withOption("group_index", IntNode.valueOf(4));
    var h = factory.prepareMember(sig, "group-1").message().headers();
    assertThat(h.group()).isEqualTo("group-1");
    assertThat(h.groupIndex()).isEqualTo(4);
  }

  @Test
  void groupIndexIsDroppedOutsideAGroup() {
    Signature<?> sig = sig("t").withOption("group_index", IntNode.valueOf(4));
    var h = prepare(sig).message().headers();
    assertThat(h.group()).isNull();
    assertThat(h.groupIndex()).isNull();
  }

  // --- links

  @Test
  void callbacksWithoutAQueueGoToTheParentsQueue() {
    Signature<?> sig =
        sig("t").link(sig("cb")).link(sig("own").withQueue("elsewhere")).linkError(sig("eb"));
    Prepared p = prepare(sig, TaskOptions.builder().queue("parent-queue"));
    JsonNode callbacks = p.message().body().embed().callbacks();
    assertThat(callbacks.get(0).path("options").path("queue").asText()).isEqualTo("parent-queue");
    assertThat(callbacks.get(1).path("options").path("queue").asText()).isEqualTo("elsewhere");
    assertThat(p.message().body().embed().errbacks().get(0).path("options").path("queue").asText())
        .isEqualTo("parent-queue");
  }

  @Test
  void noLinksMeansNullCallbacksAndErrbacks() {
    var embed = prepare(sig("t")).message().body().embed();
    assertThat(embed.callbacks()).isNull();
    assertThat(embed.errbacks()).isNull();
    assertThat(embed.chain()).isNull();
  }

  // --- chains

  @Test
  void chainFreezesIdReplyQueueAndQueueIntoEveryStepAndSendsOnlyTheFirst() {
    PreparedChain chain =
        factory.prepareChain(List.of(sig("one"), sig("two").withQueue("second"), sig("three")));
    assertThat(chain.steps()).extracting(Signature::taskId).containsExactly("id-1", "id-2", "id-3");
    assertThat(chain.steps())
        .extracting(Signature::queue)
        .containsExactly("app-default", "second", "app-default");
    assertThat(chain.steps())
        .allSatisfy(
            s -> assertThat(s.options().get("reply_to").asText()).isEqualTo("fake-replies"));
    Prepared first = chain.first();
    assertThat(first.id()).isEqualTo("id-1");
    assertThat(first.message().headers().task()).isEqualTo("one");
    ArrayNode rest = (ArrayNode) first.message().body().embed().chain();
    assertThat(rest).extracting(step -> step.get("task").asText()).containsExactly("three", "two");
  }

  @Test
  void oneStepChainCarriesNoChain() {
    PreparedChain chain = factory.prepareChain(List.of(sig("one")));
    assertThat(chain.first().message().body().embed().chain()).isNull();
  }

  // --- follow-ups (worker SPI)

  @Test
  void followUpBelongsToTheWorkflowAndGoesToTheGivenQueueUnlessItNamesOne() {
    Prepared p =
        factory.prepareFollowUp(sig("next").link(sig("cb")), "root-1", "parent-1", "q", null, null);
    assertThat(p.message().headers().rootId()).isEqualTo("root-1");
    assertThat(p.message().headers().parentId()).isEqualTo("parent-1");
    assertThat(p.queue()).isEqualTo("q");
    // its own callbacks follow it, not the app's default queue
    assertThat(p.message().body().embed().callbacks().get(0).path("options").path("queue").asText())
        .isEqualTo("q");
    Prepared named =
        factory.prepareFollowUp(sig("next").withQueue("own"), "r", "p", "q", null, "g-1");
    assertThat(named.queue()).isEqualTo("own");
    assertThat(named.message().headers().group()).isEqualTo("g-1");
  }
}
