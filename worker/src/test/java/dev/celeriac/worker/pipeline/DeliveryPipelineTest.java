package dev.celeriac.worker.pipeline;

import static dev.celeriac.worker.pipeline.PipelineHarness.QUEUE;
import static dev.celeriac.worker.pipeline.PipelineHarness.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.topology.Topology;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.state.TaskState;
import dev.celeriac.worker.execution.StoreRetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each decision of the pipeline, against an in-memory broker: what is stored for the caller, and
 * whether the message is acknowledged, requeued or dead-lettered, in which order.
 */
class DeliveryPipelineTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private PipelineHarness harness;

  @AfterEach
  void stop() {
    PipelineTasks.gate.countDown();
    PipelineTasks.releaseStuck = true;
    if (harness != null) {
      harness.close();
    }
  }

  private InMemoryBroker start(int concurrency) {
    harness = new PipelineHarness(concurrency);
    return harness.broker;
  }

  private void awaitSettled(String name) {
    await().atMost(WAIT).until(() -> harness.broker.settled(name));
  }

  private static String exceptionType(ResultMessage result) {
    return result.result().path("exc_type").asText();
  }

  /** The reason in the one dead-letter copy made, after checking where it went. */
  private String deadLetterReason() {
    assertThat(harness.broker.copies).hasSize(1);
    MessageCopy copy = harness.broker.copies.getFirst();
    assertThat(copy.exchange()).isEqualTo(Topology.DEAD_LETTER_EXCHANGE);
    assertThat(copy.routingKey()).isEqualTo(QUEUE);
    return copy.properties().getHeaders().get(DeadLetterHeaders.REASON).toString();
  }

  @Test
  void storesTheSuccessBeforeAcknowledging() {
    InMemoryBroker broker = start(2);
    String id = harness.deliver(call("p.add", 2, 3));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("store SUCCESS " + id, "ack " + id);
    assertThat(broker.resultsOf(id).getFirst().result().asInt()).isEqualTo(5);
    assertThat(harness.heard).containsExactly("succeeded " + id);
    assertThat(harness.pipeline.inFlight().processed()).isEqualTo(1);
    assertThat(harness.pipeline.inFlight().size()).isZero();
  }

  @Test
  void callerRunsPipelineRunsAndSettlesEachDeliveryBeforeOnDeliveryReturns() {
    harness = PipelineHarness.callerRuns();
    InMemoryBroker broker = harness.broker;

    String id = harness.deliver(call("p.thread"));

    // No waiting: everything happened on this thread, inside onDelivery.
    assertThat(broker.about(id)).containsExactly("store SUCCESS " + id, "ack " + id);
    assertThat(broker.resultsOf(id).getFirst().result().asText())
        .isEqualTo(Thread.currentThread().getName());
    String failed = harness.deliver(call("p.fail", "boom"));
    assertThat(broker.about(failed)).containsExactly("store FAILURE " + failed, "ack " + failed);
  }

  @Test
  void runsCeleryBackendCleanupAgainstTheResultBackendAndStoresNone() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("celery.backend_cleanup"));

    awaitSettled(id);
    assertThat(broker.cleanups.get()).isEqualTo(1);
    assertThat(broker.about(id)).containsExactly("store SUCCESS " + id, "ack " + id);
    assertThat(broker.resultsOf(id).getFirst().result().isNull()).isTrue();
  }

  @Test
  void storesTheFailureThenAcknowledgesWhenTheTaskRaises() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.fail", "boom"));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("store FAILURE " + id, "ack " + id);
    ResultMessage failure = broker.resultsOf(id).getFirst();
    assertThat(exceptionType(failure)).isEqualTo("IllegalStateException");
    assertThat(failure.traceback()).contains("boom");
    assertThat(broker.copies).isEmpty();
  }

  @Test
  void retriesTheResultWhileTheBackendFailsAndAcknowledgesOnlyOnceItIsStored() {
    InMemoryBroker broker = start(1);
    broker.failingStores = 3;
    String id = harness.deliver(call("p.add", 2, 3));

    awaitSettled(id);
    assertThat(broker.about(id))
        .containsExactly(
            "store-failed SUCCESS " + id,
            "store-failed SUCCESS " + id,
            "store-failed SUCCESS " + id,
            "store SUCCESS " + id,
            "ack " + id);
    assertThat(broker.copies).isEmpty();
    assertThat(harness.heard).containsExactly("succeeded " + id);
  }

  @Test
  void putsTheTaskBackUncountedWhenItsResultCannotBeStoredWithinTheRetryTimeout() {
    harness = new PipelineHarness(1, StoreRetry.of(Duration.ofMillis(300), Duration.ofMillis(50)));
    InMemoryBroker broker = harness.broker;
    broker.failingStores = -1;
    String id = harness.deliver(call("p.add", 2, 3));

    awaitSettled(id);
    // Acknowledged only once an unchanged copy is safely at the back of the queue.
    assertThat(broker.journal).containsSubsequence("republish  " + QUEUE, "ack " + id);
    assertThat(broker.about(id)).doesNotContain("store SUCCESS " + id).endsWith("ack " + id);
    assertThat(broker.about(id).stream().filter(e -> e.startsWith("store-failed")).count())
        .as("retried until the timeout")
        .isGreaterThan(2);
    MessageCopy copy = broker.copies.getFirst();
    assertThat(copy.routingKey()).isEqualTo(QUEUE);
    assertThat(copy.properties().getHeaders())
        .containsEntry("id", id)
        .doesNotContainKey(DeadLetterHeaders.DELIVERY_COUNT);
    assertThat(harness.heard).as("not reported as succeeded").isEmpty();
  }

  @Test
  void requeuesATaskWhoseResultCannotBeStoredWhenTheCopyIsNotConfirmedEither() {
    harness = new PipelineHarness(1, StoreRetry.of(Duration.ZERO, Duration.ofMillis(10)));
    InMemoryBroker broker = harness.broker;
    broker.failingStores = -1;
    broker.refuseCopies = true;
    String id = harness.deliver(call("p.add", 2, 3));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("store-failed SUCCESS " + id, "requeue " + id);
  }

  @Test
  void deadLettersAnUndecodableMessageWithTheReasonAndStoresNothing() {
    InMemoryBroker broker = start(1);
    String name = harness.deliverRaw("not json".getBytes(StandardCharsets.UTF_8), Map.of());

    awaitSettled(name);
    assertThat(broker.about(name)).containsExactly("ack " + name);
    assertThat(deadLetterReason()).startsWith("undecodable message: ");
    assertThat(broker.results).isEmpty();
  }

  @Test
  void deadLettersAnOversizedMessageWithoutDecodingIt() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.fail", "x".repeat(5000)));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("ack " + id);
    assertThat(deadLetterReason())
        .contains("exceeds the limit of " + PipelineHarness.MAX_MESSAGE_SIZE + " bytes");
    assertThat(broker.results).isEmpty();
  }

  @Test
  void deadLettersAnUnknownTaskAndTellsTheCallerNotRegistered() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.nope"));

    awaitSettled(id);
    assertThat(broker.journal)
        .containsSubsequence(
            "store FAILURE " + id,
            "republish " + Topology.DEAD_LETTER_EXCHANGE + " q",
            "ack " + id);
    assertThat(exceptionType(broker.resultsOf(id).getFirst())).isEqualTo("NotRegistered");
    assertThat(deadLetterReason()).isEqualTo("task 'p.nope' is not registered on this worker");
    assertThat(harness.heard).contains("failed NotRegistered " + id);
  }

  @Test
  void deadLettersArgumentsThatDoNotFitAsTypeError() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.add", "two"));

    awaitSettled(id);
    assertThat(exceptionType(broker.resultsOf(id).getFirst())).isEqualTo("TypeError");
    assertThat(deadLetterReason()).startsWith("arguments do not fit the task: ");
    assertThat(broker.about(id)).containsExactly("store FAILURE " + id, "ack " + id);
  }

  @Test
  void deadLettersATaskThatRejectsItsInput() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.reject", "negative total"));

    awaitSettled(id);
    assertThat(exceptionType(broker.resultsOf(id).getFirst())).isEqualTo("Reject");
    assertThat(deadLetterReason()).isEqualTo("rejected by the task: negative total");
  }

  @Test
  void deadLettersAPoisonMessageAndTellsTheCallerItsWorkerWasLost() {
    InMemoryBroker broker = start(1);
    // Counted twice before on a classic queue: this third delivery reaches the limit of 3.
    String id = harness.redeliver(call("p.add", 1, 2), Map.of(DeadLetterHeaders.DELIVERY_COUNT, 2));

    awaitSettled(id);
    assertThat(exceptionType(broker.resultsOf(id).getFirst())).isEqualTo("WorkerLostError");
    assertThat(deadLetterReason())
        .isEqualTo(
            "delivered 4 times without finishing (limit 3): it may crash or hang its worker");
    assertThat(broker.about(id)).containsExactly("store FAILURE " + id, "ack " + id);
  }

  @Test
  void recountsARedeliveredMessageInsteadOfRunningIt() {
    InMemoryBroker broker = start(1);
    String id = harness.redeliver(call("p.add", 1, 2), Map.of());

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("ack " + id);
    assertThat(broker.journal).containsSubsequence("republish  q", "ack " + id);
    assertThat(broker.copies.getFirst().properties().getHeaders())
        .containsEntry(DeadLetterHeaders.DELIVERY_COUNT, 1);
    assertThat(broker.results).isEmpty();
    assertThat(harness.pipeline.inFlight().processed()).as("handed over, not processed").isZero();
  }

  @Test
  void requeuesWhenTheDeadLetterCopyIsNotConfirmed() {
    InMemoryBroker broker = start(1);
    broker.refuseCopies = true;
    String id = harness.deliver(call("p.nope"));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("store FAILURE " + id, "requeue " + id);
  }

  @Test
  void reportsARevokedTaskRevokedAndAcknowledgesItWithoutRunningIt() {
    InMemoryBroker broker = start(1);
    TaskMessage message = call("p.fail", "must not run");
    harness.pipeline.gates().revoke(message.id(), false);
    String id = harness.deliver(message);

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("store REVOKED " + id, "ack " + id);
    JsonNode error = broker.resultsOf(id).getFirst().result();
    assertThat(error.path("exc_type").asText()).isEqualTo("TaskRevokedError");
    assertThat(error.path("exc_message").get(0).asText()).isEqualTo("revoked");
    assertThat(harness.heard).containsExactly("revoked " + id);
  }

  @Test
  void reportsAnExpiredTaskRevokedExpired() {
    InMemoryBroker broker = start(1);
    OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
    String id = harness.deliver(call("p.fail", h -> h.expires(past), "must not run"));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("store REVOKED " + id, "ack " + id);
    assertThat(broker.resultsOf(id).getFirst().result().path("exc_message").get(0).asText())
        .isEqualTo("expired");
    assertThat(harness.heard).containsExactly("revoked expired " + id);
  }

  @Test
  void retryPublishesACopyWithOneMoreRetryThenStoresRetryAndAcknowledges() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.retry"));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("retry " + id, "store RETRY " + id, "ack " + id);
    TaskMessage again = broker.retries.getFirst();
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.headers().retries()).isEqualTo(1);
    assertThat(again.headers().parentId()).isEqualTo(id);
    assertThat(again.headers().eta()).isAfter(OffsetDateTime.now().plusSeconds(5));
    assertThat(harness.heard).containsExactly("retried " + id);
  }

  @Test
  void retryPastTheLimitFailsWithTheCause() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.retry", h -> new PipelineHarness.Headers(3, null, null)));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("store FAILURE " + id, "ack " + id);
    assertThat(broker.retries).isEmpty();
  }

  @Test
  void acknowledgesBeforeRunningATaskThatOptedOutOfAcksLate() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.early"));

    await().atMost(WAIT).until(() -> broker.journal.contains("store SUCCESS " + id));
    await().atMost(WAIT).until(() -> harness.pipeline.inFlight().size() == 0);
    assertThat(broker.about(id)).containsExactly("ack " + id, "store SUCCESS " + id);
  }

  @Test
  void storesNothingForATaskDeclaredIgnoreResult() {
    InMemoryBroker broker = start(1);
    String id = harness.deliver(call("p.quiet"));

    awaitSettled(id);
    assertThat(broker.about(id)).containsExactly("ack " + id);
  }

  @Test
  void warmShutdownRequeuesWorkNotStartedAndLetsTheRunningTaskFinish() throws Exception {
    PipelineTasks.gate = new CountDownLatch(1);
    PipelineTasks.blocking = new CountDownLatch(1);
    InMemoryBroker broker = start(1);
    String running = harness.deliver(call("p.block"));
    PipelineTasks.blocking.await();
    String waitingForSlot = harness.deliver(call("p.add", 1, 1));
    OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
    String waitingForEta = harness.deliver(call("p.add", h -> h.eta(later), 2, 2));
    await().atMost(WAIT).until(() -> harness.pipeline.inFlight().snapshot().size() == 3);

    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(() -> harness.pipeline.drain(WAIT));
    awaitSettled(waitingForSlot);
    awaitSettled(waitingForEta);
    assertThat(broker.about(waitingForSlot)).containsExactly("requeue " + waitingForSlot);
    assertThat(broker.about(waitingForEta)).containsExactly("requeue " + waitingForEta);
    assertThat(broker.settled(running)).isFalse();

    PipelineTasks.gate.countDown();
    assertThat(drained.get()).isTrue();
    assertThat(broker.about(running)).containsExactly("store SUCCESS " + running, "ack " + running);

    String late = harness.deliver(call("p.add", 3, 3));
    assertThat(broker.about(late)).containsExactly("requeue " + late);
  }

  /** One slot, taken by {@code p.block} until the gate opens, and one add held for it. */
  private record OneSlotBusy(InMemoryBroker broker, String running, String held) {}

  private OneSlotBusy oneSlotBusyOneHeld() throws InterruptedException {
    PipelineTasks.gate = new CountDownLatch(1);
    PipelineTasks.blocking = new CountDownLatch(1);
    InMemoryBroker broker = start(1);
    String running = harness.deliver(call("p.block"));
    PipelineTasks.blocking.await();
    return new OneSlotBusy(broker, running, harness.deliver(call("p.add", 1, 1)));
  }

  @Test
  void coldShutdownStartsNoHeldDeliveryWithTheSlotARunningTaskFrees() throws Exception {
    OneSlotBusy busy = oneSlotBusyOneHeld();
    InMemoryBroker broker = busy.broker();
    String running = busy.running();
    String held = busy.held();
    OffsetDateTime later = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
    String heldForEta = harness.deliver(call("p.add", h -> h.eta(later), 2, 2));
    await().atMost(WAIT).until(() -> harness.pipeline.inFlight().snapshot().size() == 3);

    // A cold shutdown begins: the worker stops starting work, then aborts its other parts,
    // during which the running task returns and frees the only slot.
    harness.pipeline.stopStarting();
    PipelineTasks.gate.countDown();
    awaitSettled(running);
    awaitSettled(held);
    harness.pipeline.abort();

    assertThat(broker.about(running)).containsExactly("store SUCCESS " + running, "ack " + running);
    assertThat(broker.about(held)).as("handed back, never run").containsExactly("requeue " + held);
    assertThat(broker.about(heldForEta)).as("left unacknowledged for the broker").isEmpty();
    assertThat(harness.heard).containsExactly("succeeded " + running);
    assertThat(harness.pipeline.inFlight().totals()).containsOnlyKeys("p.block");
  }

  @Test
  void coldShutdownRequeuesTheInterruptedTaskAndStartsNoHeldDelivery() throws Exception {
    OneSlotBusy busy = oneSlotBusyOneHeld();
    InMemoryBroker broker = busy.broker();
    String running = busy.running();
    String held = busy.held();
    await().atMost(WAIT).until(() -> harness.pipeline.inFlight().snapshot().size() == 2);

    harness.pipeline.abort(); // interrupts p.block, which frees its slot

    awaitSettled(running);
    awaitSettled(held);
    assertThat(broker.about(running)).containsExactly("requeue " + running);
    assertThat(broker.about(held)).as("handed back, never run").containsExactly("requeue " + held);
    assertThat(harness.heard).isEmpty();
    assertThat(harness.pipeline.inFlight().totals()).containsOnlyKeys("p.block");
  }

  @Test
  void warmShutdownStartsNoHeldDeliveryWithTheSlotOfATaskThatFinishesAtOnce() throws Exception {
    OneSlotBusy busy = oneSlotBusyOneHeld();
    InMemoryBroker broker = busy.broker();
    String running = busy.running();
    String held = busy.held();
    await().atMost(WAIT).until(() -> harness.pipeline.inFlight().snapshot().size() == 2);

    harness.pipeline.stopStarting(); // what a warm shutdown does first
    PipelineTasks.gate.countDown(); // the running task frees its slot at once
    assertThat(harness.pipeline.drain(WAIT)).isTrue();

    assertThat(broker.about(running)).containsExactly("store SUCCESS " + running, "ack " + running);
    assertThat(broker.about(held)).as("handed back, never run").containsExactly("requeue " + held);
    assertThat(harness.heard).containsExactly("succeeded " + running);
  }

  @Test
  void hardTimeLimitReportsTheTaskAndFreesItsSlot() {
    PipelineTasks.releaseStuck = false;
    PipelineTasks.stuckThread = null;
    InMemoryBroker broker = start(1);
    String stuck = harness.deliver(call("p.stuck"));

    awaitSettled(stuck);
    assertThat(broker.about(stuck)).containsExactly("store FAILURE " + stuck, "ack " + stuck);
    ResultMessage exceeded = broker.resultsOf(stuck).getFirst();
    assertThat(exceptionType(exceeded)).isEqualTo("TimeLimitExceeded");
    assertThat(exceeded.result().path("exc_message").toString()).isEqualTo("[0.3]");
    assertThat(harness.pipeline.abandonedThreads()).isEqualTo(1);
    // concurrency 1: this runs only because the stuck task's slot was freed
    String next = harness.deliver(call("p.add", 1, 2));
    awaitSettled(next);
    assertThat(broker.about(next)).containsExactly("store SUCCESS " + next, "ack " + next);

    Thread thread = PipelineTasks.stuckThread;
    PipelineTasks.releaseStuck = true;
    await().atMost(WAIT).until(() -> !thread.isAlive());
    assertThat(broker.about(stuck))
        .as("the abandoned body's late return is discarded")
        .containsExactly("store FAILURE " + stuck, "ack " + stuck);
    assertThat(broker.resultsOf(stuck))
        .extracting(ResultMessage::status)
        .containsExactly(TaskState.FAILURE);
  }

  @Test
  void everyDeliveryLeavesTheRegistryOnceSettled() {
    start(2);
    List<String> ids =
        List.of(
            harness.deliver(call("p.add", 1, 2)),
            harness.deliver(call("p.fail", "x")),
            harness.deliver(call("p.nope")));

    ids.forEach(this::awaitSettled);
    await().atMost(WAIT).until(() -> harness.pipeline.inFlight().size() == 0);
    assertThat(harness.pipeline.inFlight().processed()).isEqualTo(3);
    assertThat(harness.pipeline.inFlight().totals()).containsOnlyKeys("p.add", "p.fail");
  }
}
