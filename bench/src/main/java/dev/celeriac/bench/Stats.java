package dev.celeriac.bench;

import java.util.List;

/** Medians and percentiles. */
final class Stats {

  private Stats() {}

  static double median(List<Double> values) {
    return percentile(values, 0.5);
  }

  /** The nearest-rank percentile; {@code q} in [0, 1]. */
  static double percentile(List<Double> values, double q) {
    List<Double> sorted = values.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
