package dev.celeriac.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure of every round, by name: the table shows each figure's median over the rounds and
 * its spread (lowest to highest), so a reader sees how far one run could move it.
 *
 * <p>Ratios against a baseline are taken within each round (both sides measured minutes apart under
 * the same load), then their median, rather than the ratio of two medians from different rounds.
 */
final class Samples {

  private final Map<String, Map<Integer, Double>> byName = new LinkedHashMap<>();

  void add(int round, String name, double value) {
    byName.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(round, value);
  }

  /** The value of {@code name} in {@code round}, or NaN when it was not measured then. */
  double at(int round, String name) {
    Double v = byName.getOrDefault(name, Map.of()).get(round);
    return v == null ? Double.NaN : v;
  }

  /** The rounds with at least one figure, in order. */
  java.util.SortedSet<Integer> rounds() {
    java.util.SortedSet<Integer> rounds = new java.util.TreeSet<>();
    byName.values().forEach(m -> rounds.addAll(m.keySet()));
    return rounds;
  }

  /** {@code f(round)} for every round where it is a number. */
  List<Double> perRound(java.util.function.IntToDoubleFunction f) {
    List<Double> out = new ArrayList<>();
    for (int round : rounds()) {
      double v = f.applyAsDouble(round);
      if (!Double.isNaN(v) && !Double.isInfinite(v)) {
        out.add(v);
      }
    }
    return out;
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  List<Double> values(String name) {
    return new ArrayList<>(byName.getOrDefault(name, Map.of()).values());
  }

  double median(String name) {
    return Stats.median(values(name));
  }

  /** {@code median (min–max)} with {@code format} for each number; the median alone for one run. */
  static String show(List<Double> values, String format) {
    if (values.isEmpty()) {
      return "not measured";
    }
    String median = String.format(Locale.ROOT, format, Stats.median(values));
    if (values.size() == 1) {
      return median;
    }
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return median + String.format(Locale.ROOT, " (" + format + "–" + format + ")", min, max);
  }

  String show(String name, String format) {
    return show(values(name), format);
  }
}
