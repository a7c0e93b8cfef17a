package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a worker keeps trying to store a result while its backend fails, and when it gives up. */
class ResultStoreTest {

  private static final ResultTarget TARGET = new ResultTarget("id-1", null, null, null);
  private static final ResultMessage SUCCESS =
      new ResultMessage("id-1", TaskState.SUCCESS, IntNode.valueOf(5), null, null);

  /** A backend that fails its first {@code failing} stores (all of them for -1). */
  private static final class FlakyBackend implements ResultBackend {
    final AtomicInteger attempts = new AtomicInteger();
    volatile int failing;

    FlakyBackend(int failing) {
      this.failing = failing;
    }

    @Override
    public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
      int attempt = attempts.incrementAndGet();
      if (failing < 0 || attempt <= failing) {
        return CompletableFuture.failedFuture(
            new CeleriacException("Redis result backend redis://fake/0: connection refused"));
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public String url() {
      return "redis://fake/0";
    }

    @Override
    public boolean persistent() {
      return true;
    }

    @Override
    public ResultWatch watch(String taskId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ResultMessage> fetch(String taskId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void forget(String taskId) {}

    @Override
    public String replyTo() {
      return null;
    }

    @Override
    public void close() {}
  }

  private static ResultStore store(ResultBackend backend, Duration retryFor) {
    return new ResultStore(
        backend, Duration.ofSeconds(1), StoreRetry.of(retryFor, Duration.ofMillis(40)));
  }

  @Test
  void retriesWhileTheBackendFailsAndReturnsOnceStored() {
    FlakyBackend backend = new FlakyBackend(3);

    store(backend, Duration.ofSeconds(10)).store(TARGET, SUCCESS);

    assertThat(backend.attempts).hasValue(4);
  }

  @Test
  void givesUpAfterTheRetryTimeoutNamingTheBackendAndTheLastFailure() {
    FlakyBackend backend = new FlakyBackend(-1);
    long start = System.nanoTime();

    assertThatThrownBy(() -> store(backend, Duration.ofMillis(300)).store(TARGET, SUCCESS))
        .isInstanceOf(ResultNotStoredException.class)
        .hasMessageContaining("task id-1 was not stored by redis://fake/0")
        .hasMessageContaining("connection refused");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(ms(300));
    // 100 ms would be the first wait; with 40 ms the longest, 300 ms hold about 8 attempts.
    assertThat(backend.attempts.get()).isBetween(5, 10);
  }

  @Test
  void aZeroRetryTimeoutMakesOneAttempt() {
    FlakyBackend backend = new FlakyBackend(-1);

    assertThatThrownBy(() -> store(backend, Duration.ZERO).store(TARGET, SUCCESS))
        .isInstanceOf(ResultNotStoredException.class)
        .hasMessageContaining("in 1 attempt(s)");
    assertThat(backend.attempts).hasValue(1);
  }

  @Test
  void anInterruptedTaskThreadStopsRetryingAndKeepsItsInterrupt() {
    FlakyBackend backend = new FlakyBackend(-1);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> store(backend, Duration.ofMinutes(5)).store(TARGET, SUCCESS))
          .isInstanceOf(ResultNotStoredException.class)
          .hasMessageContaining("Interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void backoffDoublesFromTheFirstWaitUpToTheLongest() {
    StoreRetry retry = StoreRetry.of(Duration.ofMinutes(2), Duration.ofSeconds(1));

    assertThat(retry.backoff(1)).isEqualTo(ms(100));
    assertThat(retry.backoff(2)).isEqualTo(ms(200));
    assertThat(retry.backoff(4)).isEqualTo(ms(800));
    assertThat(retry.backoff(5)).isEqualTo(ms(1000));
    assertThat(retry.backoff(500)).isEqualTo(ms(1000));
    assertThat(StoreRetry.of(Duration.ZERO, ms(20)).backoff(1)).isEqualTo(ms(20));
  }

  @Test
  void anOutageIsLoggedOnceWhenItBeginsOnceAtTheFirstGiveUpAndOnceWhenItEnds() {
    BackendOutage outage =
        new BackendOutage("redis://fake/0", StoreRetry.of(Duration.ofMinutes(2), ms(500)));

    assertThat(outage.stored()).isNull(); // no outage, nothing to say
    assertThat(outage.failed("connection refused"))
        .contains("redis://fake/0")
        .contains("connection refused")
        .contains("unacknowledged");
    assertThat(outage.failed("connection refused")).isNull();
    assertThat(outage.failed("connection refused")).isNull();
    assertThat(outage.gaveUp("id-1")).contains("id-1").contains("back to its queue");
    assertThat(outage.gaveUp("id-2")).isNull();
    assertThat(outage.on()).isTrue();

    assertThat(outage.stored())
        .contains("stores results again")
        .contains("3 failed attempt(s), 2 task(s) put back");
    assertThat(outage.on()).isFalse();
    assertThat(outage.stored()).isNull();
    assertThat(outage.failed("timeout")).as("a new outage is logged again").isNotNull();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
