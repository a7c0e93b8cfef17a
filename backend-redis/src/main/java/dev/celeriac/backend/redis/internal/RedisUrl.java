package dev.celeriac.backend.redis.internal;

import dev.celeriac.backend.redis.RedisBackendSettings;
import dev.celeriac.backend.redis.RedisBackendSettings.CertRequirement;
import dev.celeriac.client.results.BackendUrls;
import dev.celeriac.error.ConfigurationException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a Celery Redis result backend URL, {@code redis://[[user]:password@]host[:port][/db]
 * [?ssl_cert_reqs=…&ssl_ca_certs=…&ssl_certfile=…&ssl_keyfile=…]}, read as Celery 5.2 reads them
 * ({@code celery/backends/redis.py}, {@code _params_from_url}): user and password are
 * percent-decoded, the path is the database number, TLS parameters are allowed only with {@code
 * rediss://}.
 *
 * <p>Celery requires {@code ssl_cert_reqs} in a {@code rediss://} URL; Celeriac defaults it to
 * {@code CERT_REQUIRED}. Other query parameters (redis-py connection tuning) are refused rather
 * than silently ignored.
 */
public record RedisUrl(
    boolean tls,
    String host,
    int port,
    int database,
    String username,
    String password,
    CertRequirement certRequirement,
    Path caCerts,
    Path certFile,
    Path keyFile) {

  private static final Map<String, CertRequirement> CERT_REQS =
      Map.of(
          "cert_required", CertRequirement.REQUIRED,
          "required", CertRequirement.REQUIRED,
          "cert_optional", CertRequirement.OPTIONAL,
          "optional", CertRequirement.OPTIONAL,
          "cert_none", CertRequirement.NONE,
          "none", CertRequirement.NONE);

  /**
   * @throws ConfigurationException stating which rule the URL breaks; the message never shows the
   *     password
   */
  public static RedisUrl parse(String url) {
    ConfigurationException.require(
        url != null && !url.isBlank(), "the Redis result backend URL must not be empty");
    int schemeEnd = url.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    ConfigurationException.require(
        scheme.equals("redis") || scheme.equals("rediss"),
        "a Redis result backend URL starts with redis:// or rediss:// (TLS); got '"
            + (schemeEnd < 0 ? "no scheme" : url.substring(0, schemeEnd + 3))
            + "'");
    boolean tls = scheme.equals("rediss");
    String rest = url.substring(schemeEnd + 3);
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);

    BackendUrls.Authority split = BackendUrls.splitUserInfo(authority, MALFORMED);
    authority = split.hostPort();
    String username = split.user();
    // an empty password, as in redis://:@host, is none
    String password =
        split.password() != null && split.password().isEmpty() ? null : split.password();

    String host;
    String portText = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      ConfigurationException.require(
          close > 0, "the IPv6 host in a Redis URL must be closed by ']'; got '" + authority + "'");
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      portText = after.startsWith(":") ? after.substring(1) : after;
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? "" : authority.substring(colon + 1);
    }
    ConfigurationException.require(
        !host.isEmpty(), "a Redis URL must name a host, e.g. redis://localhost:6379/0");
    int port = number(portText, RedisBackendSettings.DEFAULT_PORT, "port", "redis://host:6379/0");
    // Celery strips slashes around the database number and reads an empty path as 0.
    int database = number(strip(path), 0, "database", "redis://host:6379/0 for database 0");

    CertRequirement certRequirement = CertRequirement.REQUIRED;
    Path caCerts = null;
    Path certFile = null;
    Path keyFile = null;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      ConfigurationException.require(
          tls || !key.startsWith("ssl_"),
          "TLS parameters such as '" + key + "' need a rediss:// URL, not redis://");
      switch (key) {
        case "ssl_cert_reqs" -> {
          certRequirement = CERT_REQS.get(value.toLowerCase(Locale.ROOT));
          ConfigurationException.require(
              certRequirement != null,
              "ssl_cert_reqs must be CERT_REQUIRED, CERT_OPTIONAL or CERT_NONE (or required,"
                  + " optional, none); got '"
                  + value
                  + "'");
        }
        case "ssl_ca_certs" -> caCerts = path(key, value);
        case "ssl_certfile" -> certFile = path(key, value);
        case "ssl_keyfile" -> keyFile = path(key, value);
        default ->
            throw new ConfigurationException(
                "unsupported Redis URL parameter '"
                    + key
                    + "': the supported ones are ssl_cert_reqs, ssl_ca_certs, ssl_certfile and"
                    + " ssl_keyfile (with rediss://)");
      }
    }
    return new RedisUrl(
        tls, host, port, database, username, password, certRequirement, caCerts, certFile, keyFile);
  }

  private static String strip(String path) {
    String s = path;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static int number(String text, int fallback, String what, String example) {
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "the "
            + what
            + " in a Redis URL must be a number, e.g. "
            + example
            + "; got '"
            + text
            + "'");
  }

  private static Path path(String key, String value) {
    ConfigurationException.require(!value.isBlank(), key + " must name a file; got nothing");
    return Path.of(value);
  }

  private static final String MALFORMED =
      "a Redis URL has a malformed percent-escape in its user, password or parameters: '%'"
          + " must be followed by two hex digits";

  private static String decode(String text) {
    return BackendUrls.decode(text, MALFORMED);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "RedisUrl["
        + (tls ? "rediss://" : "redis://")
        + host
        + ":"
        + port
        + "/"
        + database
        + "]";
  }
}
