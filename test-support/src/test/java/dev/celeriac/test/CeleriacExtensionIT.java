package dev.celeriac.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.rabbitmq.client.Channel;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.worker.Worker;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The lifecycle {@link CeleriacTest} gives a test class, seen from outside: sample classes (static
 * nested, so the build does not run them by themselves) are run through the JUnit launcher, and
 * what they were given is checked after they finished.
 */
class CeleriacExtensionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** The worker each sample test saw, by sample name. */
  static final Map<String, Worker> WORKERS = new ConcurrentHashMap<>();

  @BeforeEach
  void forgetEarlierSamples() {
    WORKERS.clear();
  }

  @CeleriacTest(tasks = MathTasks.class)
  static class SampleA {
    @Test
    void adds(Celeriac app, Worker worker) {
      WORKERS.put("A", worker);
      assertThat(app.task(MathTasks::add).delay(1, 1).get(TIMEOUT)).isEqualTo(2);
    }
  }

  @CeleriacTest(tasks = MathTasks.class)
  static class SampleB {
    @Test
    void multiplies(Celeriac app, Worker worker) {
      WORKERS.put("B", worker);
      assertThat(app.task(MathTasks::mul).delay(2, 3).get(TIMEOUT)).isEqualTo(6);
    }
  }

  @Test
  void eachTestClassGetsAWorkerAndQueueOfItsOwnThatAreGoneAfterIt() throws Exception {
    TestExecutionSummary summary = run(SampleA.class, SampleB.class);

    assertSucceeded(summary, 2);
    Worker a = WORKERS.get("A");
    Worker b = WORKERS.get("B");
    assertThat(a).isNotSameAs(b);
    assertThat(a.queues()).doesNotContainAnyElementsOf(b.queues());
    assertThat(a.awaitTermination(0)).as("worker of A stopped").isTrue();
    assertThat(b.awaitTermination(0)).as("worker of B stopped").isTrue();
    assertQueueDeleted(a.settings().queues().getFirst());
    assertQueueDeleted(b.settings().queues().getFirst());
  }

  @CeleriacTest(tasks = MathTasks.class)
  static class SampleOuter {
    @Test
    void outer(Worker worker) {
      WORKERS.put("outer", worker);
    }

    @Nested
    class Inner {
      @Test
      void inner(Worker worker, Celeriac app) {
        WORKERS.put("inner", worker);
        assertThat(app.task(MathTasks::add).delay(2, 2).get(TIMEOUT)).isEqualTo(4);
      }
    }
  }

  @Test
  void nestedClassSharesItsEnclosingClassesWorker() {
    TestExecutionSummary summary = run(SampleOuter.class);

    assertSucceeded(summary, 2);
    assertThat(WORKERS.get("inner")).isSameAs(WORKERS.get("outer"));
    assertThat(WORKERS.get("outer").awaitTermination(0)).isTrue();
  }

  @CeleriacTest(tasks = MathTasks.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class SamplePerClass {
    private final Celeriac app;

    SamplePerClass(Celeriac app, Worker worker) {
      this.app = app;
      WORKERS.put("constructor", worker);
    }

    @Test
    void usesTheClientFromItsConstructor(Worker worker) {
      WORKERS.put("method", worker);
      assertThat(app.task(MathTasks::add).delay(3, 3).get(TIMEOUT)).isEqualTo(6);
    }
  }

  @Test
  void perClassLifecycleGetsClientAndWorkerInItsConstructor() {
    TestExecutionSummary summary = run(SamplePerClass.class);

    assertSucceeded(summary, 1);
    assertThat(WORKERS.get("constructor")).isSameAs(WORKERS.get("method"));
  }

  @CeleriacTest
  static class SampleWithoutTasks {
    @Test
    void getsAConnectedClient(Celeriac app) {
      assertThat(WorkerClient.of(app).connection().isOpen()).isTrue();
    }

    @Test
    void asksForAWorker(Worker worker) {
      WORKERS.put("none", worker);
    }
  }

  @Test
  void withoutTasksThereIsAClientButAWorkerParameterFailsSayingWhy() {
    TestExecutionSummary summary = run(SampleWithoutTasks.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    assertThat(summary.getFailures())
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getException())
                    .isInstanceOf(ParameterResolutionException.class)
                    .hasMessageContaining("names no tasks")
                    .hasMessageContaining("tasks = YourTasks.class"));
    assertThat(WORKERS).doesNotContainKey("none");
  }

  private static TestExecutionSummary run(Class<?>... classes) {
    var request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
            .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  private static void assertSucceeded(TestExecutionSummary summary, long tests) {
    assertThat(summary.getFailures())
        .as(
            () ->
                "failures: "
                    + summary.getFailures().stream()
                        .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                        .toList())
        .isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
  }

  private static void assertQueueDeleted(String queue) throws Exception {
    try (Celeriac app = Celeriac.builder().broker(CeleriacTestBroker.settings()).build()) {
      Channel channel = WorkerClient.of(app).connection().createChannel();
      assertThatThrownBy(() -> channel.queueDeclarePassive(queue))
          .as("queue %s still exists", queue)
          .isInstanceOf(IOException.class)
          .hasStackTraceContaining("NOT_FOUND");
    }
  }
}
