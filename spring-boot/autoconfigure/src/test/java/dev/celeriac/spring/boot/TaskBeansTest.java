package dev.celeriac.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.Task;
import dev.celeriac.worker.TaskDefinition;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Finding {@code @Task} methods on beans and binding them, without a broker. */
class TaskBeansTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withBean(TaskBeans.class);

  /** A dependency the task needs. */
  static class Prices {
    int of(String sku) {
      return sku.length();
    }
  }

  static class PricingTasks {
    private final Prices prices;

    PricingTasks(Prices prices) {
      this.prices = prices;
    }

    @Task(name = "shop.price")
    public int price(String sku, int quantity) {
      return prices.of(sku) * quantity;
    }
  }

  static class OtherPricingTasks {
    @Task(name = "shop.price")
    public int price(String sku, int quantity) {
      return 0;
    }
  }

  /** Interface-based proxies are made from interfaces. */
  public interface Pricing extends IntUnaryOperator {}

  static class InterfacePricing implements Pricing {
    @Task(name = "shop.double")
    @Override
    public int applyAsInt(int x) {
      return 2 * x;
    }
  }

  static class Broken {
    Broken() {
      throw new IllegalStateException("no database");
    }

    @Task(name = "shop.broken")
    public void run() {}
  }

  /** Advice on the task bean, as @Transactional adds. */
  static final AtomicInteger advised = new AtomicInteger();

  @Configuration(proxyBeanMethods = false)
  static class ProxiedTasks {
    @Bean
    Prices prices() {
      return new Prices();
    }

    @Bean
    PricingTasks pricingTasks(Prices prices) {
      ProxyFactory factory = new ProxyFactory(new PricingTasks(prices));
      factory.setProxyTargetClass(true);
      factory.addAdvice(
          (MethodInterceptor)
              invocation -> {
                advised.incrementAndGet();
                return invocation.proceed();
              });
      return (PricingTasks) factory.getProxy();
    }
  }

  @Test
  void bindsTheTaskToTheProxyTheContextHandsOutSoAdviceAndDependenciesApply() {
    runner
        .withUserConfiguration(ProxiedTasks.class)
        .run(
            context -> {
              TaskDefinition task =
                  context.getBean(TaskBeans.class).registry().find("shop.price").orElseThrow();
              assertThat(task.target()).isSameAs(context.getBean(PricingTasks.class));
              int before = advised.get();

              assertThat(task.method().invoke(task.target(), "pear", 3)).isEqualTo(12);
              assertThat(advised.get()).isEqualTo(before + 1);
              assertThat(context.getBean(TaskBeans.class).tasks())
                  .containsOnlyKeys("shop.price")
                  .hasEntrySatisfying(
                      "shop.price", where -> assertThat(where).contains("bean 'pricingTasks'"));
            });
  }

  @Test
  void twoBeansClaimingOneTaskNameFailTheStartNamingBoth() {
    runner
        .withBean("prices", Prices.class)
        .withBean("pricingTasks", PricingTasks.class)
        .withBean("otherPricingTasks", OtherPricingTasks.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Task name 'shop.price' is declared twice")
                    .hasMessageContaining("bean 'pricingTasks'")
                    .hasMessageContaining("bean 'otherPricingTasks'"));
  }

  @Test
  void twoBeansOfOneTaskClassFailTheStartNamingBoth() {
    runner
        .withBean("prices", Prices.class)
        .withBean("first", PricingTasks.class)
        .withBean("second", PricingTasks.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("bean 'first'")
                    .hasMessageContaining("bean 'second'"));
  }

  @Test
  void anInterfaceBasedProxyFailsTheStartNamingTheBean() {
    runner
        .withBean(
            "doubler",
            Pricing.class,
            () -> {
              ProxyFactory factory = new ProxyFactory(new InterfacePricing());
              factory.setInterfaces(Pricing.class);
              return (Pricing) factory.getProxy();
            })
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Bean 'doubler' has @Task methods")
                    .hasMessageContaining("spring.aop.proxy-target-class=true"));
  }

  @Test
  void aTaskBeanSpringCannotCreateFailsTheStartNamingTheBean() {
    runner
        .withBean("brokenTasks", Broken.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasMessageContaining("Error creating bean with name 'brokenTasks'")
                    .rootCause()
                    .hasMessage("no database"));
  }

  @Test
  void beansWithoutTasksAreLeftAlone() {
    runner
        .withBean(Prices.class)
        .run(context -> assertThat(context.getBean(TaskBeans.class).registry().size()).isZero());
  }
}
