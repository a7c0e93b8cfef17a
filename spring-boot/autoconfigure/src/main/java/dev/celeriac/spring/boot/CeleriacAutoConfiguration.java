package dev.celeriac.spring.boot;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.broker.BrokerUnavailableException;
import dev.celeriac.client.Celeriac;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Celeriac in a Spring Boot application: the {@link Celeriac} client as a bean, a worker running
 * the {@code @Task} methods of beans ({@code celeriac.worker.enabled}, default true), a beat
 * sending their {@code @Periodic} entries ({@code celeriac.beat.enabled}, default false), a health
 * indicator with Boot's health support, and the worker's metrics in the application's {@link
 * MeterRegistry}.
 *
 * <pre>{@code
 * @Component
 * class OrderTasks {
 *   private final OrderRepository orders;
 *   OrderTasks(OrderRepository orders) { this.orders = orders; }
 *
 *   @Task(name = "orders.process")
 *   public String process(long orderId) { return orders.process(orderId); }
 * }
 * }</pre>
 */
@AutoConfiguration
@ConditionalOnClass(Celeriac.class)
@EnableConfigurationProperties(CeleriacProperties.class)
public class CeleriacAutoConfiguration {

  /** Boot's property for how long it waits for each shutdown phase. */
  static final String SHUTDOWN_PHASE = "spring.lifecycle.timeout-per-shutdown-phase";

  /** The client: connects when the context starts, so an unreachable broker fails the start. */
  @Bean
  @ConditionalOnMissingBean
  public Celeriac celeriac(CeleriacProperties properties) {
    BrokerSettings broker = CeleriacSettings.broker(properties);
    try {
      return Celeriac.builder()
          .broker(broker)
          .defaultQueue(properties.getDefaultQueue())
          .resultBackend(properties.getResultBackend())
          .resultExpires(properties.getResultExpires())
          .resultExtended(properties.isResultExtended())
          .resultPersistent(properties.isResultPersistent())
          .build();
    } catch (BrokerUnavailableException e) {
      throw CeleriacSettings.unreachable(broker, e);
    }
  }

  /** Static: a post-processor is created before the beans it looks at. */
  @Bean
  public static TaskBeans celeriacTaskBeans() {
    return new TaskBeans();
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "celeriac.worker.enabled", matchIfMissing = true)
  public CeleriacWorker celeriacWorker(
      CeleriacProperties properties,
      TaskBeans tasks,
      Environment environment,
      ObjectProvider<MeterRegistry> meters) {
    Duration phase =
        Binder.get(environment)
            .bind(SHUTDOWN_PHASE, Duration.class)
            .orElse(CeleriacSettings.DEFAULT_SHUTDOWN_PHASE);
    return new CeleriacWorker(
        () -> CeleriacSettings.worker(properties, CeleriacSettings.broker(properties), phase),
        tasks,
        meters::getIfUnique); // the worker brings Micrometer: no class-path condition needed
  }

  /**
   * The embedded beat. It takes the client only so that the client is created before it and closed
   * after it; the beat has a connection of its own, which its election relies on (docs/beat.md).
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "celeriac.beat.enabled")
  public CeleriacBeat celeriacBeat(CeleriacProperties properties, TaskBeans tasks, Celeriac app) {
    return new CeleriacBeat(
        () ->
            CeleriacSettings.beat(
                properties, CeleriacSettings.broker(properties), tasks.registry()));
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "celeriacHealthIndicator")
    CeleriacHealthIndicator celeriacHealthIndicator(
        Celeriac app, ObjectProvider<CeleriacWorker> worker, ObjectProvider<CeleriacBeat> beat) {
      return new CeleriacHealthIndicator(app, worker::getIfAvailable, beat::getIfAvailable);
    }
  }
}
