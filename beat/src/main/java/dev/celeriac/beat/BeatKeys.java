package dev.celeriac.beat;

import dev.celeriac.broker.ConfigKey;
import java.util.List;

/** The configuration keys of {@code celeriac beat} (see {@link ConfigKey}). */
public final class BeatKeys {

  public static final ConfigKey SCHEDULE =
      new ConfigKey(
          "CELERIAC_BEAT_SCHEDULE",
          "--schedule",
          "",
          "a JSON schedule file in the shape of Celery's beat_schedule");

  public static final ConfigKey TIMEZONE =
      new ConfigKey("CELERIAC_TIMEZONE", "--timezone", "UTC", "the zone crontabs are read in");

  public static final ConfigKey GROUP =
      new ConfigKey(
          "CELERIAC_BEAT_GROUP",
          "--group",
          BeatSettings.DEFAULT_GROUP,
          "beats of one schedule; they elect one sender and share its last runs");

  public static final ConfigKey MISFIRE_THRESHOLD =
      new ConfigKey(
          "CELERIAC_BEAT_MISFIRE_THRESHOLD",
          "--misfire-threshold",
          "5s",
          "while an entry's oldest due tick is at most this late all are sent; beyond, its"
              + " misfire policy applies");

  /** Every key declared here. */
  public static final List<ConfigKey> ALL = List.of(SCHEDULE, TIMEZONE, GROUP, MISFIRE_THRESHOLD);

  private BeatKeys() {}
}
