package dev.celeriac.client.results;

import dev.celeriac.error.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What result backends' URLs have in common: percent-decoding their parts, and showing them in logs
 * and errors without the password.
 *
 * <pre>{@code
 * BackendUrls.masked("redis", null, "secret", "::1", 6379, "0"); // redis://:****@[::1]:6379/0
 * }</pre>
 *
 * <p><b>Concurrency:</b> stateless; safe from any thread.
 */
public final class BackendUrls {

  private BackendUrls() {}

  /**
   * A URL with the password replaced by {@code ****}: {@code
   * scheme://[user][:****]@host:port/path}, the user info left out when there is neither user nor
   * password, an IPv6 host in brackets.
   *
   * @param user the user, or null
   * @param password the password, or null; only whether there is one shows
   */
  public static String masked(
      String scheme, String user, String password, String host, int port, String path) {
    StringBuilder out = new StringBuilder(scheme).append("://");
    if (user != null || password != null) {
      if (user != null) {
        out.append(user);
      }
      if (password != null) {
        out.append(":****");
      }
      out.append('@');
    }
    out.append(host.contains(":") ? "[" + host + "]" : host);
    return out.append(':').append(port).append('/').append(path).toString();
  }

  /**
   * An authority split at its last {@code @}: the user info decoded (an empty user is none, a
   * missing {@code :password} is null), and what follows, the host and port.
   */
  public record Authority(String user, String password, String hostPort) {}

  /**
   * Splits {@code user:password@host:port} into its user info and the rest; without an {@code @}
   * there is neither user nor password.
   *
   * @param malformed as for {@link #decode}
   */
  public static Authority splitUserInfo(String authority, String malformed) {
    int at = authority.lastIndexOf('@');
    if (at < 0) {
      return new Authority(null, null, authority);
    }
    String info = authority.substring(0, at);
    int colon = info.indexOf(':');
    String user = decode(colon < 0 ? info : info.substring(0, colon), malformed);
    String password = colon < 0 ? null : decode(info.substring(colon + 1), malformed);
    return new Authority(user.isEmpty() ? null : user, password, authority.substring(at + 1));
  }

  /**
   * Percent-decodes a part of a URL, where {@code +} is a literal plus (in user info and paths it
   * is no space, as form decoding would make it).
   *
   * @param malformed the message for a malformed escape; as the part may be the password, it should
   *     say where the problem is, not what it is
   * @throws ConfigurationException with {@code malformed} for a {@code %} not followed by two hex
   *     digits
   */
  public static String decode(String text, String malformed) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(malformed);
    }
  }
}
