package dev.celeriac.protocol;

/**
 * Celery's {@code timelimit} header: {@code [hard, soft]} in seconds, each possibly absent. The
 * order is hard first, as Celery's code sends it (its protocol document says otherwise and is
 * wrong).
 *
 * @param hardSeconds the hard limit, or null
 * @param softSeconds the soft limit, or null
 */
public record TimeLimit(Double hardSeconds, Double softSeconds) {

  /** No limits: {@code [null, null]}. */
  public static final TimeLimit NONE = new TimeLimit(null, null);
}
