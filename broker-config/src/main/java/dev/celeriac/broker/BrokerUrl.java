package dev.celeriac.broker;

import dev.celeriac.error.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One broker address in Celery's URL form: {@code amqp://user:password@host:port/vhost}.
 *
 * <p>The virtual host follows kombu's reading: no path, {@code /} and {@code //} all mean the
 * default vhost {@code /}; otherwise the path after the first slash, percent-decoded, so {@code
 * /%2F} is also {@code /} and {@code /orders} is {@code orders}. {@code amqps} enables TLS and
 * defaults to port 5671.
 *
 * <pre>{@code
 * BrokerUrl url = BrokerUrl.parse("amqp://guest:guest@localhost:5672//");
 * url.masked(); // "amqp://guest:**@localhost:5672//"
 * }</pre>
 */
public record BrokerUrl(
    boolean tls, String host, int port, String username, String password, String virtualHost) {

  public static final String DEFAULT = "amqp://guest:guest@localhost:5672//";

  /**
   * Parses one URL.
   *
   * @throws ConfigurationException naming the rule the text breaks
   */
  public static BrokerUrl parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ConfigurationException("broker URL must not be empty; expected e.g. " + DEFAULT);
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new ConfigurationException(
          "broker URL '"
              + maskRaw(text)
              + "' is not a URL ("
              + e.getReason()
              + "); expected e.g. "
              + DEFAULT);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean tls;
    switch (scheme) {
      case "amqp", "pyamqp" -> tls = false;
      case "amqps" -> tls = true;
      default ->
          throw new ConfigurationException(
              "broker URL '"
                  + maskRaw(text)
                  + "' must start with amqp:// or amqps://; Celeriac speaks AMQP 0-9-1 to RabbitMQ");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new ConfigurationException("broker URL '" + maskRaw(text) + "' has no host");
    }
    int port = uri.getPort() == -1 ? (tls ? 5671 : 5672) : uri.getPort();
    String user = "guest";
    String password = "guest";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    return new BrokerUrl(tls, host, port, user, password, virtualHost(uri.getRawPath()));
  }

  private static String virtualHost(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/") || rawPath.equals("//")) {
      return "/";
    }
    String vhost = decode(rawPath.substring(1));
    return vhost.isEmpty() ? "/" : vhost;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL with the password replaced by {@code **}, for logs and banners. */
  public String masked() {
    return render("**");
  }

  @Override
  public String toString() {
    return masked();
  }

  private String render(String shownPassword) {
    String vhostPart =
        virtualHost.equals("/")
            ? "/"
            : java.net.URLEncoder.encode(virtualHost, StandardCharsets.UTF_8);
    return (tls ? "amqps" : "amqp")
        + "://"
        + username
        + ":"
        + shownPassword
        + "@"
        + host
        + ":"
        + port
        + "/"
        + vhostPart;
  }

  /** Masks the password of a URL that did not parse, so errors never print secrets. */
  static String maskRaw(String text) {
    return text.replaceAll("(://[^:/@]*:)[^@]*@", "$1**@");
  }
}
