package dev.celeriac.examples.orders;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.stereotype.Service;

/** The dependency the task needs: stands in for a repository or another service. */
@Service
public class PriceList {

  private final Map<String, BigDecimal> prices =
      Map.of("apple", new BigDecimal("0.50"), "pear", new BigDecimal("0.75"));

  /**
   * @throws IllegalArgumentException for an unknown product: the task fails, and GET /orders/{id}
   *     shows why
   */
  public BigDecimal priceOf(String sku) {
    BigDecimal price = prices.get(sku);
    if (price == null) {
      throw new IllegalArgumentException("no price for '" + sku + "'; known: " + prices.keySet());
    }
    return price;
  }
}
