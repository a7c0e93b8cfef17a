package dev.celeriac.backend.db.internal;

import dev.celeriac.client.results.BackendUrls;
import dev.celeriac.error.ConfigurationException;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of a Celery database result backend URL for PostgreSQL, as SQLAlchemy reads it: {@code
 * db+postgresql://user[:password]@host[:port]/database[?sslmode=…]}, also with the driver named
 * ({@code db+postgresql+psycopg2://}). User and password are percent-decoded. Other query
 * parameters are refused rather than silently ignored.
 */
public record DbUrl(
    String host, int port, String database, String user, String password, String sslMode) {

  public static final int DEFAULT_PORT = 5432;

  /** The URL schemes served, as {@code ResultBackendProvider} wants them. */
  public static final Set<String> SCHEMES = Set.of("db+postgresql", "db+postgresql+psycopg2");

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /**
   * @throws ConfigurationException stating the rule broken, never showing the password
   */
  public static DbUrl parse(String url) {
    ConfigurationException.require(url != null, "a database result backend URL is required");
    int colon = url.indexOf("://");
    String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    ConfigurationException.require(
        SCHEMES.contains(scheme),
        "a PostgreSQL result backend URL starts with db+postgresql:// (or"
            + " db+postgresql+psycopg2://), e.g. db+postgresql://user:password@host:5432/db; got '"
            + scheme
            + "://'");
    String rest = url.substring(colon + 3);
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    ConfigurationException.require(
        slash >= 0 && slash < rest.length() - 1,
        "a PostgreSQL result backend URL names its database after the host, e.g."
            + " db+postgresql://user@host:5432/celery_results");
    String authority = rest.substring(0, slash);
    String database = decode(rest.substring(slash + 1));
    ConfigurationException.require(
        !database.contains("/"), "the database name in the URL must not contain '/'");
    BackendUrls.Authority split = BackendUrls.splitUserInfo(authority, MALFORMED);
    String user = split.user();
    String password = split.password();
    authority = split.hostPort();
    String host = authority;
    int port = DEFAULT_PORT;
    int portSep = authority.lastIndexOf(':');
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      ConfigurationException.require(close > 0, "an IPv6 host in the URL needs its closing ']'");
      host = authority.substring(1, close);
      portSep = authority.indexOf(':', close);
    } else if (portSep >= 0) {
      host = authority.substring(0, portSep);
    }
    if (portSep >= 0) {
      String text = authority.substring(portSep + 1);
      try {
        port = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new ConfigurationException(
            "the port in a PostgreSQL URL must be a number, e.g. host:5432; got '" + text + "'");
      }
    }
    ConfigurationException.require(
        !host.isBlank(),
        "a PostgreSQL result backend URL needs a host (Unix sockets are not supported), e.g."
            + " db+postgresql://user@localhost:5432/db");
    String sslMode = null;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      ConfigurationException.require(
          key.equals("sslmode"),
          "unsupported PostgreSQL URL parameter '" + key + "': the supported one is sslmode");
      ConfigurationException.require(
          SSL_MODES.contains(value),
          "sslmode must be one of " + SSL_MODES + "; got '" + value + "'");
      sslMode = value;
    }
    return new DbUrl(host, port, database, user, password, sslMode);
  }

  private static final String MALFORMED =
      "a PostgreSQL URL has a malformed percent-escape in its user, password or database:"
          + " '%' must be followed by two hex digits";

  private static String decode(String text) {
    return BackendUrls.decode(text, MALFORMED);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "DbUrl[" + host + ":" + port + "/" + database + "]";
  }
}
