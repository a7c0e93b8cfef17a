package dev.celeriac.examples.orders;

import dev.celeriac.Task;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** The task, a method of a bean: the worker calls it on this bean, with its injected price list. */
@Component
public class OrderTasks {

  private final PriceList prices;

  public OrderTasks(PriceList prices) {
    this.prices = prices;
  }

  @Task(name = "orders.process")
  public Receipt process(String sku, int quantity) {
    BigDecimal total = prices.priceOf(sku).multiply(BigDecimal.valueOf(quantity));
    return new Receipt(
        sku, quantity, total, "OrderTasks with " + prices.getClass().getSimpleName());
  }
}
