package dev.celeriac.client.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FuturesWaitsTest {

  @Test
  void asCompletedYieldsFuturesInCompletionOrder() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> b = new CompletableFuture<>();
    CompletableFuture<String> c = new CompletableFuture<>();
    b.complete("b");
    Thread.ofVirtual().start(() -> c.complete("c"));
    var stream = Futures.asCompleted(List.of(a, b, c)).iterator();
    assertThat(stream.next()).isSameAs(b);
    assertThat(stream.next()).isSameAs(c);
    a.completeExceptionally(new IllegalStateException("boom"));
    assertThat(stream.next()).isSameAs(a);
    assertThat(stream.hasNext()).isFalse();
  }

  @Test
  void asCompletedEndsWithTimeoutWhenFuturesStayPending() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    assertThatThrownBy(() -> Futures.asCompleted(List.of(pending), Duration.ofMillis(50)).toList())
        .isInstanceOf(FuturesTimeoutException.class)
        .hasMessageContaining("1 still pending");
  }

  @Test
  void waitAllReportsWhetherEverythingCompletedInTime() {
    CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
    CompletableFuture<Integer> failed = CompletableFuture.failedFuture(new RuntimeException("x"));
    CompletableFuture<Integer> pending = new CompletableFuture<>();
    assertThat(Futures.waitAll(List.of(done, failed), Duration.ofSeconds(1))).isTrue();
    assertThat(Futures.waitAll(List.of(done, pending), Duration.ofMillis(30))).isFalse();
  }

  @Test
  void waitAnyReturnsTheFirstCompletedOrEmpty() {
    CompletableFuture<Integer> slow = new CompletableFuture<>();
    CompletableFuture<Integer> fast = new CompletableFuture<>();
    assertThat(Futures.waitAny(List.of(slow, fast), Duration.ofMillis(30))).isEmpty();
    Thread.ofVirtual().start(() -> fast.complete(2));
    assertThat(Futures.waitAny(List.of(slow, fast), Duration.ofSeconds(5))).containsSame(fast);
  }

  @Test
  void waitsInsideATaskLendTheSlotOnce() throws Exception {
    AtomicInteger lent = new AtomicInteger();
    AtomicInteger returned = new AtomicInteger();
    ManagedBlocking.Blocker blocker =
        new ManagedBlocking.Blocker() {
          @Override
          public void beforeBlocking() {
            lent.incrementAndGet();
          }

          @Override
          public void afterBlocking() {
            returned.incrementAndGet();
          }
        };
    CompletableFuture<Integer> later = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              later.complete(7);
            });
    boolean waited =
        ManagedBlocking.callWith(
            null, null, blocker, () -> Futures.waitAll(List.of(later), Duration.ofSeconds(5)));
    assertThat(waited).isTrue();
    assertThat(lent).hasValue(1);
    assertThat(returned).hasValue(1);
    // Already complete: nothing to wait for, nothing lent.
    ManagedBlocking.callWith(
        null, null, blocker, () -> Futures.waitAll(List.of(later), Duration.ofSeconds(5)));
    assertThat(lent).hasValue(1);
  }

  @Test
  void inTaskIsRefusedOutsideATaskBody() {
    assertThatThrownBy(Futures::inTask)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("app.futures()");
  }

  @Test
  void mapOptionsRejectBadValuesWithTheRule() {
    assertThatThrownBy(() -> MapOptions.builder().chunkSize(0).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at least 1 item; got 0");
    assertThatThrownBy(() -> MapOptions.builder().timeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> MapOptions.builder().combiner(" ").build())
        .isInstanceOf(ConfigurationException.class);
    MapOptions options = MapOptions.builder().chunkSize(10).combiner("t.add").build();
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(MapOptions.DEFAULTS.chunkSize()).isEqualTo(1);
  }
}
