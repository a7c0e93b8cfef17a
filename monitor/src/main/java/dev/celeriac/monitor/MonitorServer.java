package dev.celeriac.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server with three parts: the static single-page UI ({@code /}, {@code /static/*}
 * from the classpath), the JSON API ({@code /api/*}, see {@link JsonApi}) and Prometheus metrics
 * ({@code /metrics}). With credentials set, every part asks for HTTP basic authentication.
 *
 * <p><b>Concurrency:</b> requests are served by a fixed pool of named threads it owns and closes.
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

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI url;

  private MonitorServer(HttpServer server, ExecutorService executor, URI url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  static MonitorServer start(MonitorSettings settings, Monitor monitor) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.address(), settings.port()), 50);
    } catch (BindException e) {
      throw new ConfigurationException(
          "Cannot listen on "
              + settings.address()
              + ":"
              + settings.port()
              + " ("
              + e.getMessage()
              + "): choose another --port or --address");
    } catch (IOException e) {
      throw new ConfigurationException("Cannot start the web server: " + e.getMessage());
    }
    ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    JsonApi api = new JsonApi(monitor, json);
    HttpContext[] contexts = {
      server.createContext("/", MonitorServer::serveStatic),
      server.createContext("/api/", api::handle),
      server.createContext("/metrics", exchange -> serveMetrics(exchange, monitor))
    };
    if (settings.username() != null) {
      BasicAuthenticator login = login(settings.username(), settings.password());
      for (HttpContext context : contexts) {
        context.setAuthenticator(login);
      }
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4, Thread.ofPlatform().name("celeriac-monitor-http-", 0).daemon(true).factory());
    server.setExecutor(executor);
    server.start();
    InetSocketAddress bound = server.getAddress();
    String host = bound.getAddress().isAnyLocalAddress() ? "localhost" : settings.address();
    URI url = URI.create("http://" + host + ":" + bound.getPort() + "/");
    log.info("Monitor listening on {}", url);
    return new MonitorServer(server, executor, url);
  }

  URI url() {
    return url;
  }

  private static BasicAuthenticator login(String username, String password) {
    byte[] user = username.getBytes(StandardCharsets.UTF_8);
    byte[] pass = password.getBytes(StandardCharsets.UTF_8);
    return new BasicAuthenticator("celeriac monitor", StandardCharsets.UTF_8) {
      @Override
      public boolean checkCredentials(String u, String p) {
        // Both compared in constant time, so the answer's timing tells nothing.
        boolean userOk = MessageDigest.isEqual(user, u.getBytes(StandardCharsets.UTF_8));
        boolean passOk = MessageDigest.isEqual(pass, p.getBytes(StandardCharsets.UTF_8));
        return userOk & passOk;
      }
    };
  }

  private static void serveStatic(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String file;
      if (path.equals("/") || path.equals("/index.html")) {
        file = "index.html";
      } else if (path.startsWith("/static/") && path.matches("/static/[a-z0-9-]+\\.[a-z]+")) {
        file = path.substring("/static/".length());
      } else {
        send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      try (InputStream in = MonitorServer.class.getResourceAsStream(UI + file)) {
        if (in == null) {
          send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
          return;
        }
        String type = TYPES.getOrDefault(file.substring(file.lastIndexOf('.') + 1), "text/plain");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, type, in.readAllBytes());
      }
    }
  }

  private static void serveMetrics(HttpExchange exchange, Monitor monitor) throws IOException {
    try (exchange) {
      send(
          exchange,
          200,
          "text/plain; version=0.0.4; charset=utf-8",
          monitor.metrics().scrape().getBytes(StandardCharsets.UTF_8));
    }
  }

  static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
