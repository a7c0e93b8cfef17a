package dev.celeriac.beat.schedule;

import dev.celeriac.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Due every {@code period}, counted from the last run: Celery's {@code schedule(run_every)} (a
 * number of seconds in {@code beat_schedule}). Time zones do not matter to it.
 *
 * @param period how often; positive
 */
public record Every(Duration period) implements Schedule {

  public Every {
    if (period == null || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("must be a positive number of seconds; got " + period);
    }
  }

  /** From Celery's number of seconds (a float: 0.5 is half a second). */
  public static Every seconds(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("must be a positive number of seconds; got " + seconds);
    }
    return new Every(Duration.ofNanos(Math.round(seconds * 1_000_000_000d)));
  }

  @Override
  public Instant nextAfter(Instant after, ZoneId zone) {
    return after.plus(period);
  }

  @Override
  public Instant latestDue(Instant base, Instant now, ZoneId zone) {
    if (now.isBefore(base.plus(period))) {
      return null;
    }
    long periods = Duration.between(base, now).dividedBy(period);
    return base.plus(period.multipliedBy(periods));
  }

  @Override
  public String describe() {
    return "every " + Durations.format(period);
  }
}
