package dev.celeriac.examples.orders;

import java.math.BigDecimal;

/** What {@code orders.process} returns, stored as JSON in the result backend. */
public record Receipt(String sku, int quantity, BigDecimal total, String processedBy) {}
