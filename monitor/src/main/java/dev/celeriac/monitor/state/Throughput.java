package dev.celeriac.monitor.state;

/**
 * Tasks finished per second over the last {@link #SECONDS} seconds, succeeded and failed apart: a
 * ring of per-second buckets, so its size is fixed whatever the rate.
 *
 * <p><b>Concurrency:</b> not thread-safe; {@link ClusterState} guards it.
 */
public final class Throughput {

  static final int SECONDS = 300;

  private final long[] second = new long[SECONDS];
  private final int[] succeeded = new int[SECONDS];
  private final int[] failed = new int[SECONDS];

  void record(long epochSecond, boolean success) {
    int slot = slot(epochSecond);
    if (second[slot] != epochSecond) {
      second[slot] = epochSecond;
      succeeded[slot] = 0;
      failed[slot] = 0;
    }
    if (success) {
      succeeded[slot]++;
    } else {
      failed[slot]++;
    }
  }

  /** One count per second, oldest first, ending at {@code nowSecond}. */
  Series series(long nowSecond) {
    int[] ok = new int[SECONDS];
    int[] bad = new int[SECONDS];
    long start = nowSecond - SECONDS + 1;
    for (int i = 0; i < SECONDS; i++) {
      int slot = slot(start + i);
      if (second[slot] == start + i) {
        ok[i] = succeeded[slot];
        bad[i] = failed[slot];
      }
    }
    return new Series(start, ok, bad);
  }

  private static int slot(long epochSecond) {
    return (int) Math.floorMod(epochSecond, (long) SECONDS);
  }

  /**
   * Tasks finished per second from {@code start} (epoch second) on.
   *
   * @param succeeded one count per second
   * @param failed one count per second
   */
  public record Series(long start, int[] succeeded, int[] failed) {}
}
