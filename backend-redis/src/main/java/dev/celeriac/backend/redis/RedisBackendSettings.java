package dev.celeriac.backend.redis;

import dev.celeriac.backend.redis.internal.RedisUrl;
import dev.celeriac.client.results.BackendUrls;
import dev.celeriac.client.results.ResultBackendSettingsBuilder;
import dev.celeriac.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the Redis result backend connects and how long it keeps results. Immutable; build one from
 * Celery's URL form, {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://…} for
 * TLS.
 *
 * <pre>{@code
 * RedisBackendSettings settings =
 *     RedisBackendSettings.builder()
 *         .url("redis://:secret@redis.example.com:6379/1")
 *         .expires(Duration.ofHours(6))
 *         .build();
 * }</pre>
 *
 * @param host the server's host name or address
 * @param port the server's port, 6379 by default
 * @param database the database number (the URL's path), 0 by default
 * @param username the ACL user (Redis 6+), or null for the default user
 * @param password the password, or null
 * @param tls whether to connect with TLS ({@code rediss://})
 * @param certRequirement how the server's certificate is checked over TLS ({@code ssl_cert_reqs})
 * @param caCerts PEM file of the certificate authorities to trust ({@code ssl_ca_certs}), or null
 *     for the JVM's default trust store
 * @param certFile PEM client certificate chain ({@code ssl_certfile}), or null
 * @param keyFile PEM private key of the client certificate ({@code ssl_keyfile}), or null
 * @param expires how long a result is kept (Celery's {@code result_expires}, default one day), in
 *     whole seconds as Redis counts them; {@link Duration#ZERO} stores results without expiry, as
 *     Celery does with {@code result_expires=0} or {@code None}
 * @param extended whether results also store the call (Celery's {@code result_extended})
 * @param timeout how long connecting and each command may take before failing, 10 s by default
 */
public record RedisBackendSettings(
    String host,
    int port,
    int database,
    String username,
    String password,
    boolean tls,
    CertRequirement certRequirement,
    Path caCerts,
    Path certFile,
    Path keyFile,
    Duration expires,
    boolean extended,
    Duration timeout) {

  public static final int DEFAULT_PORT = 6379;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Python's {@code ssl_cert_reqs} values, as Celery accepts them in a {@code rediss://} URL. */
  public enum CertRequirement {
    /**
     * {@code CERT_REQUIRED}: the certificate must be valid and name the host. Stricter than Celery,
     * which does not check the host name.
     */
    REQUIRED,
    /** {@code CERT_OPTIONAL}: the certificate must be valid; the host name is not checked. */
    OPTIONAL,
    /** {@code CERT_NONE}: no check at all; only for tests, open to man-in-the-middle attacks. */
    NONE
  }

  public RedisBackendSettings {
    Objects.requireNonNull(certRequirement, "certRequirement");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Settings from a URL with Celery's defaults for everything else. */
  public static RedisBackendSettings fromUrl(String url) {
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
    b.username = username;
    b.password = password;
    b.tls = tls;
    b.certRequirement = certRequirement;
    b.caCerts = caCerts;
    b.certFile = certFile;
    b.keyFile = keyFile;
    b.expires(expires).extended(extended).timeout(timeout);
    return b;
  }

  /** The URL with the password masked, for logs and errors: {@code redis://:****@host:6379/0}. */
  public String maskedUrl() {
    return BackendUrls.masked(
        tls ? "rediss" : "redis", username, password, host, port, Integer.toString(database));
  }

  /** Masks the password, which a record would otherwise print. */
  @Override
  public String toString() {
    return "RedisBackendSettings["
        + maskedUrl()
        + ", expires="
        + expires
        + ", extended="
        + extended
        + ", timeout="
        + timeout
        + (tls ? ", certRequirement=" + certRequirement : "")
        + "]";
  }

  /**
   * Builds {@link RedisBackendSettings}; {@link #build()} checks every value against its rule.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder extends ResultBackendSettingsBuilder<Builder> {
    private String host = "localhost";
    private int port = DEFAULT_PORT;
    private int database;
    private String username;
    private String password;
    private boolean tls;
    private CertRequirement certRequirement = CertRequirement.REQUIRED;
    private Path caCerts;
    private Path certFile;
    private Path keyFile;

    private Builder() {
      super(DEFAULT_TIMEOUT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets everything a Celery result backend URL holds: scheme, credentials, host, port, database,
     * and the TLS parameters {@code ssl_cert_reqs}, {@code ssl_ca_certs}, {@code ssl_certfile},
     * {@code ssl_keyfile}.
     *
     * @throws ConfigurationException when the URL is not such a URL
     */
    public Builder url(String url) {
      RedisUrl parsed = RedisUrl.parse(url);
      tls = parsed.tls();
      host = parsed.host();
      port = parsed.port();
      database = parsed.database();
      username = parsed.username();
      password = parsed.password();
      certRequirement = parsed.certRequirement();
      caCerts = parsed.caCerts();
      certFile = parsed.certFile();
      keyFile = parsed.keyFile();
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

    public Builder database(int value) {
      database = value;
      return this;
    }

    public Builder username(String value) {
      username = value;
      return this;
    }

    public Builder password(String value) {
      password = value;
      return this;
    }

    public Builder tls(boolean value) {
      tls = value;
      return this;
    }

    public Builder certRequirement(CertRequirement value) {
      certRequirement = value;
      return this;
    }

    public Builder caCerts(Path value) {
      caCerts = value;
      return this;
    }

    public Builder clientCertificate(Path certChain, Path key) {
      certFile = certChain;
      keyFile = key;
      return this;
    }

    /**
     * @throws ConfigurationException naming the first value that breaks its rule
     */
    public RedisBackendSettings build() {
      ConfigurationException.require(
          host != null && !host.isBlank(), "the Redis host must not be empty; got '" + host + "'");
      ConfigurationException.require(
          port >= 1 && port <= 65535, "the Redis port must be 1..65535; got " + port);
      ConfigurationException.require(
          database >= 0, "the Redis database number must be 0 or more; got " + database);
      ConfigurationException.require(
          expires != null && !expires.isNegative() && expires.getNano() == 0,
          "the result expiry must be whole seconds (Redis counts TTLs in seconds), zero for no"
              + " expiry; got "
              + expires);
      ConfigurationException.require(
          timeout != null && timeout.isPositive(),
          "the Redis timeout must be positive; got " + timeout);
      ConfigurationException.require(
          certRequirement != null, "the TLS certificate requirement must be set");
      ConfigurationException.require(
          tls
              || (caCerts == null
                  && certFile == null
                  && keyFile == null
                  && certRequirement == CertRequirement.REQUIRED),
          "TLS options (certificate requirement, CA file, client certificate) need TLS: use a"
              + " rediss:// URL");
      ConfigurationException.require(
          (certFile == null) == (keyFile == null),
          "a client certificate needs both its certificate chain and its key; got certificate "
              + certFile
              + ", key "
              + keyFile);
      return new RedisBackendSettings(
          host,
          port,
          database,
          username,
          password,
          tls,
          certRequirement,
          caCerts,
          certFile,
          keyFile,
          expires,
          extended,
          timeout);
    }
  }
}
