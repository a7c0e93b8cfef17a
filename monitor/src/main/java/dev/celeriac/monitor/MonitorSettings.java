package dev.celeriac.monitor;

import dev.celeriac.beat.BeatSettings;
import dev.celeriac.broker.BrokerSettings;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.security.SecuritySettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link Monitor} runs. Immutable; {@link Builder#build()} checks every value.
 *
 * <pre>{@code
 * MonitorSettings settings = MonitorSettings.builder()
 *     .broker(BrokerSettings.of("amqp://guest:guest@localhost:5672//"))
 *     .address("0.0.0.0").port(5555)
 *     .credentials("admin", "secret")
 *     .build();
 * }</pre>
 *
 * @param address the interface the web server binds; anything but a loopback address needs
 *     credentials
 * @param port 0 picks a free port
 * @param maxTasks tasks kept in memory; the one updated longest ago is dropped first
 * @param username null: no login (only allowed on a loopback address)
 * @param management RabbitMQ's management API, e.g. {@code http://localhost:15672/}; null: the
 *     broker's host on port 15672
 * @param queues task queues to watch when the management API does not answer
 * @param refresh how often queue depths and worker stats are fetched
 * @param resultBackend where task results live; with a durable backend (e.g. {@code
 *     redis://host:6379/0}) a task's page shows the stored result when the events lack it. Default
 *     {@code rpc://}, which keeps nothing to read
 * @param security signs the remote control (revoke, shutdown, ...) and tasks the monitor's actions
 *     send, for workers that run only signed messages; null: unsigned
 * @param beatGroup the group of {@code celeriac beat} processes whose sender the beat page shows
 */
public record MonitorSettings(
    BrokerSettings broker,
    String address,
    int port,
    int maxTasks,
    int maxWorkers,
    String username,
    String password,
    URI management,
    List<String> queues,
    Duration refresh,
    String resultBackend,
    SecuritySettings security,
    String beatGroup) {

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the web server is bound to a loopback address only. */
  public boolean loopback() {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Builds {@link MonitorSettings}; defaults as {@code celeriac monitor} has them. */
  public static final class Builder {
    private BrokerSettings broker = BrokerSettings.builder().build();
    private String address = "127.0.0.1";
    private int port = 5555;
    private int maxTasks = 10_000;
    private int maxWorkers = 1_000;
    private String username;
    private String password;
    private URI management;
    private List<String> queues = List.of("celery");
    private Duration refresh = Duration.ofSeconds(2);
    private String beatGroup = BeatSettings.DEFAULT_GROUP;
    private String resultBackend = "rpc://";
    private SecuritySettings security;

    private Builder() {}

    /** Message signing for what the monitor's actions send; null (the default) sends unsigned. */
    public Builder security(SecuritySettings security) {
      this.security = security;
      return this;
    }

    /** Where task results live, as a URL. Default {@code rpc://}. */
    public Builder resultBackend(String resultBackend) {
      this.resultBackend = resultBackend;
      return this;
    }

    public Builder broker(BrokerSettings broker) {
      this.broker = broker;
      return this;
    }

    public Builder address(String address) {
      this.address = address;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder maxTasks(int maxTasks) {
      this.maxTasks = maxTasks;
      return this;
    }

    public Builder maxWorkers(int maxWorkers) {
      this.maxWorkers = maxWorkers;
      return this;
    }

    /** The login for the web UI, API and metrics (HTTP basic authentication). */
    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * Credentials written {@code user:password}, as {@code --basic-auth} takes them; blank or null
     * means none.
     */
    public Builder basicAuth(String userColonPassword) {
      if (userColonPassword == null || userColonPassword.isBlank()) {
        return credentials(null, null);
      }
      int colon = userColonPassword.indexOf(':');
      ConfigurationException.require(
          colon > 0 && colon < userColonPassword.length() - 1,
          "basic auth must be written user:password, both non-empty");
      return credentials(
          userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
    }

    public Builder management(URI management) {
      this.management = management;
      return this;
    }

    public Builder queues(List<String> queues) {
      this.queues = List.copyOf(queues);
      return this;
    }

    public Builder refresh(Duration refresh) {
      this.refresh = refresh;
      return this;
    }

    public Builder beatGroup(String beatGroup) {
      this.beatGroup = beatGroup;
      return this;
    }

    public MonitorSettings build() {
      ConfigurationException.require(broker != null, "broker settings are required");
      ConfigurationException.require(
          address != null && !address.isBlank(), "the address to bind must not be blank");
      ConfigurationException.require(
          port >= 0 && port <= 65535, "port must be between 0 and 65535, got " + port);
      ConfigurationException.require(maxTasks > 0, "max tasks must be at least 1, got " + maxTasks);
      ConfigurationException.require(
          maxWorkers > 0, "max workers must be at least 1, got " + maxWorkers);
      ConfigurationException.require(
          (username == null) == (password == null)
              && (username == null || (!username.isBlank() && !password.isEmpty())),
          "credentials need both a user name and a password");
      ConfigurationException.require(
          refresh != null && !refresh.isNegative() && !refresh.isZero(),
          "refresh must be positive, got " + refresh);
      ConfigurationException.require(
          resultBackend != null && resultBackend.contains("://"),
          "the result backend must be a URL such as rpc:// or redis://host:6379/0");
      ConfigurationException.require(
          beatGroup != null && !beatGroup.isBlank(),
          "the beat group must not be blank; the default is " + BeatSettings.DEFAULT_GROUP);
      MonitorSettings settings =
          new MonitorSettings(
              broker,
              address,
              port,
              maxTasks,
              maxWorkers,
              username,
              password,
              management,
              queues,
              refresh,
              resultBackend.strip(),
              security,
              beatGroup.strip());
      ConfigurationException.require(
          settings.loopback() || username != null,
          "the monitor is bound to "
              + address
              + ", which is not a loopback address: set a login with --basic-auth user:password"
              + " (or "
              + MonitorKeys.MONITOR_BASIC_AUTH.env()
              + "), or bind to 127.0.0.1");
      return settings;
    }
  }
}
