package dev.celeriac.backend.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Polling against an in-memory table. */
class PollsTest {

  private final Map<String, TaskRows.Stored> table = new ConcurrentHashMap<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger reads = new AtomicInteger();

  private Polls polls(Duration giveUp) {
    return new Polls(
        ids -> {
          reads.incrementAndGet();
          if (down.get()) {
            throw new CeleriacException("connection refused");
          }
          Map<String, TaskRows.Stored> found = new ConcurrentHashMap<>();
          for (String id : ids) {
            if (table.containsKey(id)) {
              found.put(id, table.get(id));
            }
          }
          return found;
        },
        "db+postgresql://h:5432/db",
        Duration.ofMillis(5),
        Duration.ofMillis(50),
        giveUp,
        Clock.systemUTC());
  }

  private static TaskRows.Stored row(String id, TaskState state) {
    return new TaskRows.Stored(
        state.wireName(),
        new ResultMessage(
            id, state, IntNode.valueOf(5), null, JsonNodeFactory.instance.arrayNode()),
        null);
  }

  @Test
  void completesAWatchOnceTheRowReachesAFinalState() {
    try (Polls polls = polls(Duration.ofSeconds(10))) {
      ResultWatch watch = polls.watch("t1");
      table.put("t1", row("t1", TaskState.STARTED));
      await().until(() -> watch.state() == TaskState.STARTED);
      table.put("t1", row("t1", TaskState.SUCCESS));
      assertThat(watch.done().join().result().intValue()).isEqualTo(5);
      await().until(() -> polls.watchedTasks() == 0);
    }
  }

  @Test
  void backsOffWhileNothingChanges() throws InterruptedException {
    try (Polls polls = polls(Duration.ofSeconds(10))) {
      polls.watch("never");
      Thread.sleep(600);
      // 5 ms doubling to 50 ms: about a dozen reads in 600 ms, not 120.
      assertThat(reads.get()).isBetween(3, 30);
    }
  }

  @Test
  void failsWaitingWatchesNamingTheBackendOnceReadsFailLongerThanTheGiveUpTime() {
    down.set(true);
    try (Polls polls = polls(Duration.ofMillis(200))) {
      ResultWatch watch = polls.watch("t2");
      await().until(() -> watch.done().isCompletedExceptionally());
      assertThat(watch.done().handle((r, e) -> e.getMessage()).join())
          .contains("db+postgresql://h:5432/db")
          .contains("connection refused");
    }
  }

  @Test
  void keepsWaitingThroughAShortOutage() {
    down.set(true);
    try (Polls polls = polls(Duration.ofSeconds(30))) {
      ResultWatch watch = polls.watch("t3");
      await().until(() -> reads.get() > 3);
      table.put("t3", row("t3", TaskState.SUCCESS));
      down.set(false);
      assertThat(watch.done().join().status()).isEqualTo(TaskState.SUCCESS);
    }
  }

  @Test
  void anUnreadableRowFailsOnlyItsOwnWatch() {
    try (Polls polls = polls(Duration.ofSeconds(10))) {
      ResultWatch bad = polls.watch("bad");
      ResultWatch good = polls.watch("good");
      table.put("bad", new TaskRows.Stored("SUCCESS", null, new ProtocolException("task 'bad'")));
      await().until(() -> bad.done().isCompletedExceptionally());
      table.put("good", row("good", TaskState.SUCCESS));
      assertThat(good.done().join().status()).isEqualTo(TaskState.SUCCESS);
    }
  }

  @Test
  void closingFailsWatchesStillWaitingAndStopsTheThread() {
    Polls polls = polls(Duration.ofSeconds(10));
    ResultWatch watch = polls.watch("t4");
    polls.close();
    assertThat(watch.done()).isCompletedExceptionally();
    assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
        .doesNotContain("celeriac-db-results");
    assertThat(Set.of()).isEmpty();
  }
}
