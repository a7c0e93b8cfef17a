package dev.celeriac.beat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of one beat process, with its allowed transitions in one table:
 *
 * <pre>
 * STANDBY --lock acquired--> SENDING --connection lost--> STANDBY
 * STANDBY | SENDING --close--> STOPPED
 * </pre>
 */
public enum BeatRole {
  /** Waiting for the lock; sends nothing. */
  STANDBY,
  /** Holds the lock; the one process that sends. */
  SENDING,
  /** Closed. */
  STOPPED;

  private static final Map<BeatRole, Set<BeatRole>> ALLOWED =
      Map.of(
          STANDBY, EnumSet.of(SENDING, STOPPED),
          SENDING, EnumSet.of(STANDBY, STOPPED),
          STOPPED, EnumSet.noneOf(BeatRole.class));

  /**
   * The role after a move to {@code to}.
   *
   * @throws IllegalStateException for a move the table does not allow
   */
  BeatRole moveTo(BeatRole to) {
    if (!ALLOWED.get(this).contains(to)) {
      throw new IllegalStateException("beat cannot go from " + this + " to " + to);
    }
    return to;
  }
}
