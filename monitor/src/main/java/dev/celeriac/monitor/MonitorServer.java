package dev.celeriac.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import dev.celeriac.client.http.HttpEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's {@link HttpEndpoint} with three parts: the static single-page UI ({@code /}, {@code
 * /static/*} from the classpath), the JSON API ({@code /api/*}, see {@link JsonApi}) and Prometheus
 * metrics ({@code /metrics}). With credentials set, every part asks for HTTP basic authentication
 * ({@link Login}); every response carries {@link SecurityHeaders}.
 *
 * <p><b>Concurrency:</b> requests are served by the endpoint's four {@code
 * celeriac-monitor-http-<n>} threads, which {@link #close()} stops.
 */
final class MonitorServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MonitorServer.class);

  private static final String UI = "/dev/celeriac/monitor/ui/";
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml");

  private final HttpEndpoint endpoint;
  private final URI url;

  private MonitorServer(HttpEndpoint endpoint, URI url) {
    this.endpoint = endpoint;
    this.url = url;
  }

  static MonitorServer start(MonitorSettings settings, Monitor monitor) {
    ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    JsonApi api = new JsonApi(monitor, json, ActionGuard.random());
    HttpEndpoint.Builder builder =
        HttpEndpoint.builder("celeriac-monitor-http")
            .address(settings.address())
            .port(settings.port())
            .threads(4)
            .backlog(50)
            .route("/", MonitorServer::serveStatic)
            .route("/api/", api::handle)
            .metrics(() -> monitor.metrics().scrape())
            .filter(new SecurityHeaders())
            .bindAdvice("choose another --port or --address");
    if (settings.username() != null) {
      builder.authenticator(new Login(settings.username(), settings.password()));
    }
    HttpEndpoint endpoint = builder.start();
    InetSocketAddress bound = endpoint.address();
    String host = bound.getAddress().isAnyLocalAddress() ? "localhost" : settings.address();
    URI url = URI.create("http://" + host + ":" + bound.getPort() + "/");
    log.info("Monitor listening on {}", url);
    return new MonitorServer(endpoint, url);
  }

  URI url() {
    return url;
  }

  private static void serveStatic(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        HttpEndpoint.send(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String file;
      if (path.equals("/") || path.equals("/index.html")) {
        file = "index.html";
      } else if (path.startsWith("/static/") && path.matches("/static/[a-z0-9-]+\\.[a-z]+")) {
        file = path.substring("/static/".length());
      } else {
        HttpEndpoint.send(
            exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      try (InputStream in = MonitorServer.class.getResourceAsStream(UI + file)) {
        if (in == null) {
          HttpEndpoint.send(
              exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
          return;
        }
        String type = TYPES.getOrDefault(file.substring(file.lastIndexOf('.') + 1), "text/plain");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        HttpEndpoint.send(exchange, 200, type, in.readAllBytes());
      }
    }
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
