package dev.celeriac.backend.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watching against an in-memory stand-in for Redis keys and channels. */
class WatchesTest {

  private static final String ID = "t1";
  private static final String KEY = "celery-task-meta-t1";

  private final FakeRedis redis = new FakeRedis();
  private final Watches watches = new Watches(redis, "redis://fake:6379/0");

  @AfterEach
  void close() {
    watches.close();
  }

  @Test
  void resultStoredBeforeTheSubscriptionIsReadOnceSubscribed() throws Exception {
    redis.values.put(KEY, meta("SUCCESS", "5"));

    ResultWatch watch = watches.watch(ID);
    assertThat(watch.done()).isNotDone();
    watches.subscribed(KEY, 1);

    assertThat(watch.done().get(5, TimeUnit.SECONDS).result().asInt()).isEqualTo(5);
  }

  @Test
  void publishedStatesAreFoldedInOrderUntilFinal() throws Exception {
    ResultWatch watch = watches.watch(ID);
    watches.subscribed(KEY, 1);

    watches.message(KEY, meta("STARTED", "{\"pid\": 1, \"hostname\": \"w@h\"}"));
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.state() == TaskState.STARTED);
    watches.message(KEY, meta("SUCCESS", "7"));

    ResultMessage done = watch.done().get(5, TimeUnit.SECONDS);
    assertThat(done.status()).isEqualTo(TaskState.SUCCESS);
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.unsubscribed.contains(KEY));
    assertThat(redis.subscribed).containsExactly(KEY);
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.unsubscribed.contains(KEY));
    assertThat(watches.watchedTasks()).isZero();
  }

  @Test
  void aLateStartedReadAfterSuccessDoesNotMoveTheTaskBack() throws Exception {
    ResultWatch watch = watches.watch(ID);
    watches.message(KEY, meta("SUCCESS", "1"));
    watch.done().get(5, TimeUnit.SECONDS);

    watches.message(KEY, meta("STARTED", "null"));

    assertThat(watch.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void customStatesAreSkippedAndTheFinalStateStillArrives() throws Exception {
    ResultWatch watch = watches.watch(ID);
    watches.message(KEY, meta("PROGRESS", "{\"done\": 1}"));
    watches.message(KEY, meta("SUCCESS", "2"));

    assertThat(watch.done().get(5, TimeUnit.SECONDS).result().asInt()).isEqualTo(2);
  }

  @Test
  void corruptValueFailsTheWatchNamingTheKey() {
    ResultWatch watch = watches.watch(ID);
    watches.message(KEY, "not json at all".getBytes(UTF_8));

    await().atMost(Duration.ofSeconds(5)).until(() -> watch.done().isDone());
    assertThat(watch.done())
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ProtocolException.class)
        .withMessageContaining(KEY);
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.unsubscribed.contains(KEY));
  }

  @Test
  void failedSubscriptionFailsTheWatchNamingTheBackend() {
    redis.subscribeFailure = new IllegalStateException("connection refused");

    ResultWatch watch = watches.watch(ID);

    await().atMost(Duration.ofSeconds(5)).until(() -> watch.done().isDone());
    assertThat(watch.done())
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(CeleriacException.class)
        .withMessageContaining("redis://fake:6379/0")
        .withMessageContaining("connection refused");
  }

  @Test
  void secondWatchOnTheSameTaskSharesTheSubscriptionAndReadsForItself() throws Exception {
    ResultWatch first = watches.watch(ID);
    watches.subscribed(KEY, 1);
    redis.values.put(KEY, meta("SUCCESS", "3"));

    ResultWatch second = watches.watch(ID);

    assertThat(second.done().get(5, TimeUnit.SECONDS).result().asInt()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.unsubscribed.contains(KEY));
    assertThat(redis.subscribed).containsExactly(KEY);
    assertThat(first.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void cancellingTheLastWatchUnsubscribes() {
    ResultWatch first = watches.watch(ID);
    ResultWatch second = watches.watch(ID);
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.subscribed.contains(KEY));

    first.cancel();
    assertThat(watches.watchedTasks()).isOne();
    second.cancel();

    await().atMost(Duration.ofSeconds(5)).until(() -> redis.unsubscribed.contains(KEY));
    assertThat(redis.unsubscribed).containsExactly(KEY);
    assertThat(watches.watchedTasks()).isZero();
  }

  @Test
  void watchesRecordedDuringAFlushGoOutTogetherInTheNextOne() throws Exception {
    redis.holdSubscribe = new CountDownLatch(1);
    watches.watch("t0"); // its flush now waits in SUBSCRIBE
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.subscribeCalls.size() == 1);
    for (int i = 1; i <= 600; i++) {
      watches.watch("t" + i);
    }
    redis.holdSubscribe.countDown();

    await().atMost(Duration.ofSeconds(5)).until(() -> redis.subscribed.size() == 601);
    // 600 channels at most 512 to a command: 2 commands after the first, not 600.
    assertThat(redis.subscribeCalls).extracting(List::size).containsExactly(1, 512, 88);
  }

  @Test
  void aTaskWatchedAndReleasedBetweenTwoFlushesCostsNoCommand() throws Exception {
    redis.holdSubscribe = new CountDownLatch(1);
    watches.watch("t0");
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.subscribeCalls.size() == 1);
    watches.watch(ID).cancel();
    ResultWatch later = watches.watch("t2");
    redis.holdSubscribe.countDown();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> redis.subscribed.contains("celery-task-meta-t2"));
    assertThat(redis.subscribed).doesNotContain(KEY);
    assertThat(redis.unsubscribed).isEmpty();
    assertThat(later.done()).isNotDone();
  }

  @Test
  void readsRequestedTogetherGoOutAsOneMget() throws Exception {
    redis.values.put(KEY, meta("SUCCESS", "4"));
    redis.holdSubscribe = new CountDownLatch(1);
    watches.watch("t0");
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.subscribeCalls.size() == 1);
    ResultWatch watch = watches.watch(ID);
    watches.watch("t2");
    watches.subscribed(KEY, 2);
    watches.subscribed("celery-task-meta-t2", 3);
    redis.holdSubscribe.countDown();

    assertThat(watch.done().get(5, TimeUnit.SECONDS).result().asInt()).isEqualTo(4);
    assertThat(redis.getCalls).containsExactly(List.of(KEY, "celery-task-meta-t2"));
  }

  @Test
  void resubscriptionAfterReconnectReadsTheKeyAgain() throws Exception {
    ResultWatch watch = watches.watch(ID);
    watches.subscribed(KEY, 1);
    // Stored while the connection was down: the publish was lost, the resubscription reads it.
    redis.values.put(KEY, meta("FAILURE", "{\"exc_type\": \"ValueError\"}"));
    watches.subscribed(KEY, 1);

    assertThat(watch.done().get(5, TimeUnit.SECONDS).status()).isEqualTo(TaskState.FAILURE);
  }

  @Test
  void closeFailsPendingWatchesAndLaterWatches() {
    ResultWatch pending = watches.watch(ID);

    watches.close();

    assertThat(pending.done()).isCompletedExceptionally();
    assertThat(watches.watch("t2").done()).isCompletedExceptionally();
  }

  private static byte[] meta(String status, String result) {
    return ("{\"status\": \""
            + status
            + "\", \"result\": "
            + result
            + ", \"traceback\": null, \"children\": [], \"date_done\": null, \"task_id\": \""
            + ID
            + "\"}")
        .getBytes(UTF_8);
  }

  private static final class FakeRedis implements Watches.Channels {
    final Map<String, byte[]> values = new ConcurrentHashMap<>();
    final List<String> subscribed = new CopyOnWriteArrayList<>();
    final List<String> unsubscribed = new CopyOnWriteArrayList<>();
    final List<List<String>> subscribeCalls = new CopyOnWriteArrayList<>();
    final List<List<String>> getCalls = new CopyOnWriteArrayList<>();
    volatile RuntimeException subscribeFailure;

    /** When set, the first SUBSCRIBE blocks the flush that sends it until the latch opens. */
    volatile CountDownLatch holdSubscribe;

    @Override
    public CompletionStage<?> subscribe(List<String> channels) {
      subscribeCalls.add(List.copyOf(channels));
      CountDownLatch hold = holdSubscribe;
      if (hold != null && subscribeCalls.size() == 1) {
        try {
          hold.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (subscribeFailure != null) {
        return CompletableFuture.failedFuture(subscribeFailure);
      }
      subscribed.addAll(channels);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> unsubscribe(List<String> channels) {
      unsubscribed.addAll(channels);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<byte[]>> get(List<String> keys) {
      getCalls.add(List.copyOf(keys));
      List<byte[]> found = new ArrayList<>();
      keys.forEach(key -> found.add(values.get(key)));
      return CompletableFuture.completedFuture(found);
    }
  }
}
