package dev.celeriac.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.celeriac.Task;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskRef2;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration against a real broker: client, worker lifecycle, health, metrics. */
class CeleriacAutoConfigurationIT {

  static final AtomicInteger advised = new AtomicInteger();

  /** The dependency the task needs. */
  static class Greeting {
    String greet(String name) {
      return "hello " + name;
    }
  }

  static class GreetingTasks {
    private final Greeting greeting;

    GreetingTasks(Greeting greeting) {
      this.greeting = greeting;
    }

    @Task(name = "it.spring.greet")
    public String greet(String name, int times) {
      return greeting.greet(name).repeat(times);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class App {
    @Bean
    Greeting greeting() {
      return new Greeting();
    }

    /** Proxied, as a @Transactional bean is: the task must run through the advice. */
    @Bean
    GreetingTasks greetingTasks(Greeting greeting) {
      ProxyFactory factory = new ProxyFactory(new GreetingTasks(greeting));
      factory.setProxyTargetClass(true);
      factory.addAdvice(
          (MethodInterceptor)
              invocation -> {
                advised.incrementAndGet();
                return invocation.proceed();
              });
      return (GreetingTasks) factory.getProxy();
    }

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    TaskRef2<String, Integer, String> greet(Celeriac app, GreetingTasks tasks) {
      return app.task(tasks::greet);
    }
  }

  private static ApplicationContextRunner runner() {
    String queue = "it-spring-" + UUID.randomUUID();
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CeleriacAutoConfiguration.class))
        .withUserConfiguration(App.class)
        .withPropertyValues(
            "celeriac.broker-url=" + TestBroker.amqpUrl(),
            "celeriac.default-queue=" + queue,
            "celeriac.worker.queues=" + queue,
            "celeriac.worker.heartbeat=false",
            "celeriac.worker.concurrency=2");
  }

  @Test
  void runsTheBeansTaskThroughItsProxyAndStopsWithTheContext() {
    Thread[] keepAlive = new Thread[1];
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              CeleriacWorker worker = context.getBean(CeleriacWorker.class);
              assertThat(worker.isRunning()).isTrue();
              int before = advised.get();

              @SuppressWarnings("unchecked")
              TaskRef2<String, Integer, String> greet = context.getBean(TaskRef2.class);
              assertThat(greet.delay("ann", 2).get(Duration.ofSeconds(20)))
                  .isEqualTo("hello annhello ann");

              assertThat(advised.get()).isEqualTo(before + 1);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              // The worker counts a task after it has published the result, so the caller's get()
              // can return a moment before the counter exists.
              await()
                  .atMost(Duration.ofSeconds(10))
                  .untilAsserted(
                      () ->
                          assertThat(
                                  meters
                                      .find("celeriac.tasks")
                                      .tags("task", "it.spring.greet", "state", "succeeded")
                                      .counters())
                              .singleElement()
                              .extracting(c -> c.count())
                              .isEqualTo(1.0));
              Health health = context.getBean(CeleriacHealthIndicator.class).health(true);
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsKeys("broker", "worker", "queues");
              keepAlive[0] = thread("celeriac-worker-keepalive");
              assertThat(keepAlive[0]).as("a non-daemon thread keeps the app running").isNotNull();
              assertThat(keepAlive[0].isDaemon()).isFalse();
            });
    // The context is closed here: a warm shutdown ended the worker and its keep-alive thread.
    assertThat(keepAlive[0].isAlive()).isFalse();
  }

  @Test
  void healthIsDownWhileTheWorkerConsumesNothing() {
    runner()
        .run(
            context -> {
              context.getBean(CeleriacWorker.class).stop();

              Health health = context.getBean(CeleriacHealthIndicator.class).health(true);
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails())
                  .containsEntry("error", "the worker consumes no queue");
            });
  }

  @Test
  void withTheWorkerDisabledTheAppOnlySends() {
    runner()
        .withPropertyValues("celeriac.worker.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Celeriac.class);
              assertThat(context).doesNotHaveBean(CeleriacWorker.class);
              assertThat(context.getBean(CeleriacHealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.UP);
            });
  }

  @Test
  void shutdownTimeoutLongerThanBootWaitsFailsTheStartNamingTheProperty() {
    runner()
        .withPropertyValues(
            "celeriac.worker.shutdown-timeout=60s",
            "spring.lifecycle.timeout-per-shutdown-phase=30s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("celeriac.worker.shutdown-timeout is PT1M"));
  }

  private static Thread thread(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name) && t.isAlive())
        .findFirst()
        .orElse(null);
  }
}
