package dev.celeriac.beat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for one entry at one moment, which ticks to send: a pure function of the last run, the
 * clock and the misfire threshold, so each rule has a unit test with fixed instants.
 *
 * <ul>
 *   <li>No tick due: nothing to send.
 *   <li>Every due tick is at most {@code threshold} old (a failover, a short restart): send them
 *       all, oldest first. Nothing is skipped, and since each is sent after the last run, none
 *       twice.
 *   <li>The oldest due tick is older (no beat ran for a while): the entry's {@link MisfirePolicy}
 *       decides: {@code RUN_ONCE} sends one message for the latest due tick, {@code SKIP} sends
 *       none and records the latest due tick as done.
 * </ul>
 *
 * <p>The burst after an outage is so bounded by {@code threshold / interval} messages per entry.
 */
final class Planner {

  /**
   * Ticks to send now, and the last run to record when a misfire skipped them ({@code skipped}).
   */
  record Plan(List<Instant> send, Instant skipped) {
    static final Plan NOTHING = new Plan(List.of(), null);

    boolean isEmpty() {
      return send.isEmpty() && skipped == null;
    }
  }

  /** A sane bound: with a 5 s threshold and a 1 ms interval that is still only 5,000 messages. */
  private static final int MAX_CATCH_UP = 10_000;

  private Planner() {}

  /**
   * @param lastRun the scheduled time of the entry's last tick sent, or its anchor (when this
   *     sender took over) if it never ran
   */
  static Plan plan(BeatEntry entry, Instant lastRun, Instant now, ZoneId zone, Duration threshold) {
    Instant first = entry.schedule().nextAfter(lastRun, zone);
    if (first == null || first.isAfter(now)) {
      return Plan.NOTHING;
    }
    if (!first.isBefore(now.minus(threshold))) {
      List<Instant> due = new ArrayList<>();
      for (Instant t = first;
          t != null && !t.isAfter(now) && due.size() < MAX_CATCH_UP;
          t = entry.schedule().nextAfter(t, zone)) {
        due.add(t);
      }
      return new Plan(List.copyOf(due), null);
    }
    Instant latest = entry.schedule().latestDue(lastRun, now, zone);
    return switch (entry.misfire()) {
      case RUN_ONCE -> new Plan(List.of(latest), null);
      case SKIP -> new Plan(List.of(), latest);
    };
  }

  /** When the entry is next due after {@code lastRun}, or null for never. */
  static Instant next(BeatEntry entry, Instant lastRun, ZoneId zone) {
    return entry.schedule().nextAfter(lastRun, zone);
  }
}
