package dev.celeriac.beat;

import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.client.HostNames;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.security.SecuritySettings;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one beat process; immutable, validated by {@link Builder#build()}.
 *
 * <pre>{@code
 * BeatSettings s = BeatSettings.builder()
 *     .broker(BrokerSettings.of("amqp://localhost"))
 *     .entries(ScheduleFile.parse(json, "beat.json"))
 *     .zone(ZoneId.of("Europe/Paris"))
 *     .build();
 * }</pre>
 *
 * @param broker where to connect
 * @param entries the schedule; names unique
 * @param zone the zone crontabs are read in (default UTC, Celery's default)
 * @param group the name shared by the beats of one schedule: they elect one sender among themselves
 *     and share its last runs; queues {@code <group>.lock/.state/.status}
 * @param identity this process, {@code beat<pid>@<host>}, in logs and the status
 * @param misfireThreshold ticks later than this are misfired and follow the entry's policy
 * @param pollInterval how often a standby tries to take over
 * @param security signs the task messages sent, for workers that run only signed ones; null:
 *     unsigned
 */
public record BeatSettings(
    BrokerSettings broker,
    List<BeatEntry> entries,
    ZoneId zone,
    String group,
    String identity,
    Duration misfireThreshold,
    Duration pollInterval,
    SecuritySettings security) {

  public static final String DEFAULT_GROUP = "celeriac.beat";
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(5);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  public BeatSettings {
    Objects.requireNonNull(broker, "broker");
    entries = List.copyOf(entries);
    Set<String> names = new HashSet<>();
    for (BeatEntry e : entries) {
      ConfigurationException.require(
          names.add(e.name()),
          "entry '" + e.name() + "' is defined twice; give each entry its own name");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link BeatSettings}. */
  public static final class Builder {
    private BrokerSettings broker;
    private final List<BeatEntry> entries = new ArrayList<>();
    private ZoneId zone = ZoneId.of("UTC");
    private String group = DEFAULT_GROUP;
    private String identity = "beat" + ProcessHandle.current().pid() + "@" + HostNames.local();
    private Duration misfireThreshold = DEFAULT_MISFIRE_THRESHOLD;
    private SecuritySettings security;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;

    private Builder() {}

    public Builder broker(BrokerSettings broker) {
      this.broker = broker;
      return this;
    }

    public Builder entries(List<BeatEntry> entries) {
      this.entries.addAll(entries);
      return this;
    }

    public Builder entry(BeatEntry entry) {
      this.entries.add(entry);
      return this;
    }

    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder identity(String identity) {
      this.identity = identity;
      return this;
    }

    public Builder misfireThreshold(Duration misfireThreshold) {
      this.misfireThreshold = misfireThreshold;
      return this;
    }

    /** Message signing for the tasks sent; null (the default) sends them unsigned. */
    public Builder security(SecuritySettings security) {
      this.security = security;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * @throws ConfigurationException stating the rule a value breaks
     */
    public BeatSettings build() {
      ConfigurationException.require(broker != null, "beat needs broker settings");
      ConfigurationException.require(
          !entries.isEmpty(),
          "beat has no entries: give a schedule file (--schedule FILE) or @Periodic tasks (-A)");
      ConfigurationException.require(zone != null, "zone must be set");
      ConfigurationException.require(
          group != null && group.matches("[A-Za-z0-9._:-]+"),
          "group must be letters, digits and . _ : -; got '" + group + "'");
      ConfigurationException.require(
          identity != null && !identity.isBlank(), "identity must not be blank");
      ConfigurationException.require(
          misfireThreshold != null && !misfireThreshold.isNegative(),
          "misfire threshold must be zero or more; got " + misfireThreshold);
      ConfigurationException.require(
          pollInterval != null
              && pollInterval.compareTo(Duration.ofMillis(10)) >= 0
              && pollInterval.compareTo(Duration.ofSeconds(2)) <= 0,
          "poll interval must be 10ms-2s so that a takeover stays fast; got " + pollInterval);
      return new BeatSettings(
          broker, entries, zone, group, identity, misfireThreshold, pollInterval, security);
    }
  }
}
