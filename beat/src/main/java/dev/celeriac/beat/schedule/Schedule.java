package dev.celeriac.beat.schedule;

import java.time.Instant;
import java.time.ZoneId;

/**
 * When an entry is due: an interval ({@link Every}) or a crontab ({@link Crontab}). Pure functions
 * of their inputs, so they are tested with fixed instants.
 *
 * <pre>{@code
 * Schedule s = Crontab.parse("*&#47;15 * * * mon-fri");
 * Instant next = s.nextAfter(Instant.now(), ZoneId.of("Europe/Paris"));
 * }</pre>
 */
public sealed interface Schedule permits Every, Crontab {

  /**
   * The first time strictly after {@code after} at which the entry is due, or null when it never is
   * again (a crontab for 30 February).
   */
  Instant nextAfter(Instant after, ZoneId zone);

  /**
   * The last time due after {@code base} and at or before {@code now}, or null when none is. The
   * default walks {@link #nextAfter}; an interval computes it directly, so that a beat stopped for
   * a month does not walk millions of ticks.
   */
  default Instant latestDue(Instant base, Instant now, ZoneId zone) {
    Instant latest = null;
    Instant t = nextAfter(base, zone);
    while (t != null && !t.isAfter(now)) {
      latest = t;
      t = nextAfter(t, zone);
    }
    return latest;
  }

  /** The schedule as a person reads it: {@code every 1s}, {@code crontab(*&#47;15 * * * *)}. */
  String describe();
}
