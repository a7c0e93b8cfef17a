package dev.celeriac.beat;

import dev.celeriac.error.ConfigurationException;
import java.util.Locale;

/**
 * What an entry does with ticks it missed by more than the misfire threshold (no beat was sending
 * then). Ticks late by less are all sent, in order: a failover loses none.
 */
public enum MisfirePolicy {
  /** Send one message for the latest missed tick (Celery's behaviour). The default. */
  RUN_ONCE("run-once"),
  /** Send nothing for the missed ticks; carry on with the next one. */
  SKIP("skip");

  private final String key;

  MisfirePolicy(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** From {@code run-once} or {@code skip} (also {@code run_once}). */
  public static MisfirePolicy parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (MisfirePolicy p : values()) {
      if (p.key.equals(t)) {
        return p;
      }
    }
    throw new ConfigurationException("misfire must be run-once or skip; got '" + text + "'");
  }
}
