package dev.celeriac.backend.db;

import dev.celeriac.backend.db.internal.DbUrl;
import dev.celeriac.client.results.BackendUrls;
import dev.celeriac.client.results.ResultBackendSettingsBuilder;
import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the PostgreSQL result backend connects, how long it keeps results and how it waits for
 * them. Immutable; build one from Celery's URL form, {@code
 * db+postgresql://user[:password]@host[:port]/database}.
 *
 * <pre>{@code
 * DatabaseBackendSettings settings =
 *     DatabaseBackendSettings.builder()
 *         .url("db+postgresql://celery:secret@db.example.com/results")
 *         .expires(Duration.ofHours(6))
 *         .build();
 * }</pre>
 *
 * @param host the server's host name or address
 * @param port the server's port, 5432 by default
 * @param database the database holding Celery's tables
 * @param user the role to connect as, or null for the driver's default
 * @param password the password, or null
 * @param sslMode libpq's {@code sslmode} from the URL, or null for the driver's default
 * @param expires how long a result is kept (Celery's {@code result_expires}, default one day): rows
 *     whose {@code date_done} is older are deleted by {@code cleanup}; {@link Duration#ZERO} keeps
 *     them
 * @param extended whether rows also store the call (Celery's {@code result_extended})
 * @param timeout how long connecting and each statement may take before failing, 10 s by default
 * @param pollInterval the first interval between two reads of watched results, 20 ms by default; it
 *     doubles while nothing changes, up to {@code maxPollInterval}
 * @param maxPollInterval the longest interval between two reads of watched results, 500 ms by
 *     default (Celery polls every 500 ms)
 * @param poolSize connections kept open at most, 4 by default
 */
public record DatabaseBackendSettings(
    String host,
    int port,
    String database,
    String user,
    String password,
    String sslMode,
    Duration expires,
    boolean extended,
    Duration timeout,
    Duration pollInterval,
    Duration maxPollInterval,
    int poolSize) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(20);
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMillis(500);
  public static final int DEFAULT_POOL_SIZE = 4;

  public DatabaseBackendSettings {
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(maxPollInterval, "maxPollInterval");
  }

  /** Settings from a URL with Celery's defaults for everything else. */
  public static DatabaseBackendSettings fromUrl(String url) {
    return builder().url(url).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to derive a variant. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.database = database;
    b.user = user;
    b.password = password;
    b.sslMode = sslMode;
    b.expires(expires).extended(extended).timeout(timeout);
    b.pollInterval = pollInterval;
    b.maxPollInterval = maxPollInterval;
    b.poolSize = poolSize;
    return b;
  }

  /** The URL with the password masked: {@code db+postgresql://user:****@host:5432/db}. */
  public String maskedUrl() {
    // A password without a user is left out, as it always was here.
    return BackendUrls.masked(
        "db+postgresql", user, user == null ? null : password, host, port, database);
  }

  /** The JDBC URL, without user or password. */
  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://"
        + h
        + ":"
        + port
        + "/"
        + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8)
        + (sslMode == null ? "" : "?sslmode=" + sslMode);
  }

  /** Masks the password, which a record would otherwise print. */
  @Override
  public String toString() {
    return "DatabaseBackendSettings["
        + maskedUrl()
        + ", expires="
        + expires
        + ", extended="
        + extended
        + ", timeout="
        + timeout
        + ", poll="
        + pollInterval
        + ".."
        + maxPollInterval
        + ", poolSize="
        + poolSize
        + "]";
  }

  /** Collects and validates settings; expiry, extended mode and timeout as every backend's. */
  public static final class Builder extends ResultBackendSettingsBuilder<Builder> {
    private String host;
    private int port = DbUrl.DEFAULT_PORT;
    private String database;
    private String user;
    private String password;
    private String sslMode;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
    private int poolSize = DEFAULT_POOL_SIZE;

    private Builder() {
      super(DEFAULT_TIMEOUT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Host, port, database, user, password and sslmode from a Celery URL. */
    public Builder url(String url) {
      DbUrl parsed = DbUrl.parse(url);
      host = parsed.host();
      port = parsed.port();
      database = parsed.database();
      user = parsed.user();
      password = parsed.password();
      sslMode = parsed.sslMode();
      return this;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder database(String value) {
      database = value;
      return this;
    }

    public Builder user(String value) {
      user = value;
      return this;
    }

    public Builder password(String value) {
      password = value;
      return this;
    }

    public Builder pollInterval(Duration first, Duration max) {
      pollInterval = first;
      maxPollInterval = max;
      return this;
    }

    public Builder poolSize(int value) {
      poolSize = value;
      return this;
    }

    /**
     * @throws ConfigurationException naming the first value that breaks its rule
     */
    public DatabaseBackendSettings build() {
      ConfigurationException.require(
          host != null && !host.isBlank(),
          "the PostgreSQL host must not be empty; got '" + host + "'");
      ConfigurationException.require(
          port >= 1 && port <= 65535, "the PostgreSQL port must be 1..65535; got " + port);
      ConfigurationException.require(
          database != null && !database.isBlank(), "the PostgreSQL database must be named");
      ConfigurationException.require(
          expires != null && !expires.isNegative(),
          "the result expiry must be zero (keep results) or positive; got " + expires);
      ConfigurationException.require(
          timeout != null && timeout.toMillis() >= 250,
          "the PostgreSQL timeout must be at least 250 ms (a connection takes a few"
              + " round trips); got "
              + timeout);
      ConfigurationException.require(
          pollInterval != null && pollInterval.toMillis() >= 1,
          "the first poll interval must be at least 1 ms; got " + pollInterval);
      ConfigurationException.require(
          maxPollInterval != null && maxPollInterval.compareTo(pollInterval) >= 0,
          "the longest poll interval must be at least the first ("
              + pollInterval
              + "); got "
              + maxPollInterval);
      ConfigurationException.require(
          poolSize >= 1 && poolSize <= 100, "the pool size must be 1..100; got " + poolSize);
      return new DatabaseBackendSettings(
          host,
          port,
          database,
          user,
          password,
          sslMode,
          expires,
          extended,
          timeout,
          pollInterval,
          maxPollInterval,
          poolSize);
    }
  }
}
