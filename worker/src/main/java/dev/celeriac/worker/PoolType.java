package dev.celeriac.worker;

import java.util.Locale;

/** How a worker runs task bodies ({@code -P/--pool}). */
public enum PoolType {
  /** A virtual thread per task, at most {@code concurrency} at once. The default. */
  VIRTUAL,
  /** A fixed pool of {@code concurrency} platform threads, for code that pins carrier threads. */
  THREADS,
  /** One platform thread: tasks run one after another. */
  SOLO;

  /** Reads {@code virtual}, {@code threads} or {@code solo}. */
  public static PoolType parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new dev.celeriac.error.ConfigurationException(
          "pool must be virtual, threads or solo; got '" + text + "'");
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
