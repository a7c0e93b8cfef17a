package dev.celeriac.monitor;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Sets the monitor's security headers on every response, the login's 401 included: a
 * Content-Security-Policy that allows only the monitor's own script and style files (the UI has no
 * inline script or style), no framing, no sniffing, no referrer, and no caching unless a handler
 * says otherwise (the static UI files do).
 *
 * <p><b>Concurrency:</b> stateless; safe for the request threads to share.
 */
final class SecurityHeaders extends Filter {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cache-Control", "no-store");
    chain.doFilter(exchange);
  }

  @Override
  public String description() {
    return "monitor security headers";
  }
}
