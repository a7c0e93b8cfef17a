package dev.celeriac.worker.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.TaskFailedException;
import dev.celeriac.client.TaskRef;
import dev.celeriac.client.futures.Futures;
import dev.celeriac.client.futures.MapOptions;
import dev.celeriac.client.futures.MapReduceException;
import dev.celeriac.client.futures.TaskFuture;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.Worker;
import dev.celeriac.worker.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The futures API against real workers: maps, reductions, chunks, failures, nesting, revokes. */
class FuturesIT {

  private QueueFixture fixture;
  private Futures futures;
  private final List<Worker> workers = new ArrayList<>();

  @BeforeEach
  void start() {
    fixture = QueueFixture.create("it-futures");
    futures = fixture.app.futures();
  }

  @AfterEach
  void stop() {
    workers.forEach(Worker::shutdownNow);
    fixture.close();
  }

  private void startWorkers(int count, UnaryOperator<WorkerSettings.Builder> tune) {
    for (int i = 0; i < count; i++) {
      WorkerSettings.Builder settings =
          WorkerSettings.builder()
              .broker(BrokerSettings.of(TestBroker.amqpUrl()))
              .queues(List.of(fixture.queue))
              .hostname(fixture.queue + "-" + workers.size() + "@it");
      workers.add(
          Worker.start(
              tune.apply(settings).build(),
              TaskRegistry.builder().add(FuturesTasks.class).build()));
    }
  }

  /** SCOOP's inputs, smaller: [[], [1], [2, 2], ...]. */
  private static List<List<Long>> scoopInputs(int n) {
    List<List<Long>> inputs = new ArrayList<>();
    for (long a = 0; a < n; a++) {
      inputs.add(Collections.nCopies((int) a, a));
    }
    return inputs;
  }

  private static long sumOfSquares(int n) {
    return LongStream.range(0, n).map(a -> a * a).sum();
  }

  private TaskRef<Long> task(String name) {
    return fixture.app.task(name, Long.class);
  }

  @Test
  void mapReduceFoldsResultsFromSeveralWorkersWithAndWithoutChunks() {
    startWorkers(2, w -> w.concurrency(8));
    TaskRef<Long> sum = task("it.futures.sum");
    MapOptions limit = MapOptions.builder().timeout(Duration.ofSeconds(60)).build();
    List<MapOptions> variants =
        List.of(
            limit,
            limit.toBuilder().chunkSize(7).build(),
            limit.toBuilder().chunkSize(7).combiner("it.futures.add").build());
    for (MapOptions options : variants) {
      FuturesTasks.SUMMED_ON.clear();

      assertThat(futures.mapReduce(sum, Long::sum, scoopInputs(60), options))
          .as("chunk size %d", options.chunkSize())
          .isEqualTo(sumOfSquares(60));
      // The broker hands a queue's messages to its consumers in turn: both workers take part.
      assertThat(FuturesTasks.SUMMED_ON)
          .as("workers that ran it.futures.sum, chunk size %d", options.chunkSize())
          .containsExactlyInAnyOrder(workerNames());
    }
  }

  private String[] workerNames() {
    return workers.stream().map(w -> w.settings().hostname()).toArray(String[]::new);
  }

  @Test
  void mapStreamsInInputOrderAndMapUnorderedYieldsEveryResult() {
    startWorkers(2, w -> w.concurrency(4));
    TaskRef<Long> square = task("it.futures.square");
    List<Long> inputs = LongStream.range(0, 30).boxed().toList();
    List<Long> squares = inputs.stream().map(x -> x * x).toList();
    assertThat(futures.map(square, inputs).toList()).isEqualTo(squares);
    assertThat(futures.map(square, inputs, MapOptions.builder().chunkSize(4).build()).toList())
        .isEqualTo(squares);
    assertThat(futures.mapUnordered(square, inputs).toList())
        .containsExactlyInAnyOrderElementsOf(squares);
    assertThat(
            futures
                .mapUnordered(square, inputs, MapOptions.builder().chunkSize(8).build())
                .toList())
        .containsExactlyInAnyOrderElementsOf(squares);
  }

  @Test
  void aFailedItemFailsTheReductionWithItsErrorOrIsCollected() {
    startWorkers(1, w -> w.concurrency(4));
    TaskRef<Long> failOn13 = task("it.futures.fail_on_13");
    List<Long> inputs = LongStream.range(0, 20).boxed().toList();
    for (int chunk : new int[] {1, 6}) {
      MapOptions options = MapOptions.builder().chunkSize(chunk).build();
      assertThatThrownBy(() -> futures.mapReduce(failOn13, Long::sum, inputs, options))
          .isInstanceOf(TaskFailedException.class)
          .hasMessageContaining("IllegalArgumentException")
          .hasMessageContaining("13 is unlucky");
      MapReduceException collected =
          (MapReduceException)
              org.assertj.core.api.Assertions.catchThrowable(
                  () ->
                      futures.mapReduce(
                          failOn13,
                          Long::sum,
                          inputs,
                          options.toBuilder().collectErrors(true).build()));
      assertThat(collected.failures()).hasSize(1);
      assertThat(collected.failures().getFirst().index()).isEqualTo(13);
      assertThat(collected.failures().getFirst().error().getMessage()).contains("13 is unlucky");
      assertThat(collected.partialResult()).isEqualTo(190L - 13L);
    }
  }

  @Test
  void nestedMapReduceDoesNotDeadlockAWorkerWithOneSlot() {
    // One slot, prefetch 1: the outer tasks would hold the only slot and credit forever if a
    // waiting task did not lend them out.
    startWorkers(1, w -> w.concurrency(1).prefetchMultiplier(1));
    TaskRef<Long> nested = task("it.futures.sum_of_squares");
    List<List<Long>> inputs = List.of(List.of(1L, 2L), List.of(3L), List.of(4L, 5L, 6L));
    assertThat(
            futures.mapReduce(
                nested,
                Long::sum,
                inputs,
                MapOptions.builder().timeout(Duration.ofSeconds(60)).build()))
        .isEqualTo(1 + 4 + 9 + 16 + 25 + 36L);
  }

  @Test
  void cancellingATaskThatHasNotStartedRevokesIt() throws Exception {
    startWorkers(1, w -> w.concurrency(1).prefetchMultiplier(1));
    TaskFuture<String> busy =
        futures.submit(fixture.app.task("it.futures.sleep", String.class), 1500);
    String id = UUID.randomUUID().toString();
    TaskFuture<String> queued =
        futures.submit(fixture.app.task("it.futures.mark", String.class), id);
    assertThat(queued.cancel(false)).isTrue();
    assertThat(queued.isCancelled()).isTrue();
    assertThatThrownBy(queued::join).isInstanceOf(CancellationException.class);
    assertThat(busy.get(30, TimeUnit.SECONDS)).isEqualTo("slept");
    // A later task runs, so the worker has been past the revoked one.
    String later = UUID.randomUUID().toString();
    assertThat(
            futures
                .submit(fixture.app.task("it.futures.mark", String.class), later)
                .get(30, TimeUnit.SECONDS))
        .isEqualTo(later);
    assertThat(FuturesTasks.MARKED).contains(later).doesNotContain(id);
  }

  @Test
  void waitAnyAndAsCompletedWorkOnTaskFutures() {
    startWorkers(1, w -> w.concurrency(4));
    TaskRef<String> sleep = fixture.app.task("it.futures.sleep", String.class);
    TaskFuture<String> slow = futures.submit(sleep, 3000);
    TaskFuture<String> fast = futures.submit(sleep, 10);
    assertThat(Futures.waitAny(List.of(slow, fast), Duration.ofSeconds(30))).containsSame(fast);
    List<TaskFuture<String>> order = Futures.asCompleted(List.of(slow, fast)).toList();
    assertThat(order).containsExactly(fast, slow);
    assertThat(Futures.waitAll(List.of(slow, fast), Duration.ofSeconds(30))).isTrue();
    List<TaskFuture<Long>> all = futures.submitAll(task("it.futures.square"), List.of(1L, 2L, 3L));
    await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(f -> f.isDone()));
    assertThat(all.stream().map(TaskFuture::join).toList()).containsExactly(1L, 4L, 9L);
  }
}
