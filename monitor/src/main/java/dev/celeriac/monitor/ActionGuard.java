package dev.celeriac.monitor;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Guards the monitor's actions (revoke, shut down, purge, replay) against cross-site request
 * forgery. An action is a POST that carries this server's random token in {@link #HEADER}; the UI
 * reads the token from {@code GET /api/token}, which another site's script cannot read (no CORS),
 * and a browser sends a custom header cross-site only after a preflight this server never answers.
 * Requests a browser marks as coming from another site ({@code Sec-Fetch-Site}) or another origin
 * ({@code Origin}) are refused even with the token, as a second wall.
 *
 * <p><b>Concurrency:</b> immutable after construction; safe for the request threads to share.
 */
final class ActionGuard {

  /** The request header that carries the token. */
  static final String HEADER = "X-Celeriac-Token";

  private final String token;

  private ActionGuard(String token) {
    this.token = token;
  }

  /** A guard with a fresh random token, new for every monitor process. */
  static ActionGuard random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new ActionGuard(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The token the UI sends back with each action. */
  String token() {
    return token;
  }

  /**
   * Why the request may not act, or empty when it may: it must carry the token and must not come
   * from another site or origin.
   */
  Optional<String> refusal(Headers headers) {
    String site = headers.getFirst("Sec-Fetch-Site");
    // "none": the user typed or bookmarked it; anything cross-site is refused.
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return Optional.of(
          "refused: the request came from another site (Sec-Fetch-Site: " + site + ")");
    }
    String origin = headers.getFirst("Origin");
    if (origin != null && !sameOrigin(origin, headers.getFirst("Host"))) {
      return Optional.of("refused: the request came from another origin (" + origin + ")");
    }
    String sent = headers.getFirst(HEADER);
    if (sent == null) {
      return Optional.of(
          "refused: actions need the header " + HEADER + " with the token from GET /api/token");
    }
    // Compared in constant time, so timing does not reveal the token bit by bit.
    if (!MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(
          "refused: wrong "
              + HEADER
              + " (the monitor restarted? reload the page or fetch /api/token)");
    }
    return Optional.empty();
  }

  private static boolean sameOrigin(String origin, String host) {
    if (host == null || origin.equals("null")) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      String authority = uri.getRawAuthority();
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && authority != null
          && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
