package dev.celeriac.client.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP server on the JDK's {@link HttpServer}, the one way Celeriac serves HTTP: a worker's
 * Prometheus endpoint and the web monitor are both built on it. It binds, names and owns its
 * threads, serves Prometheus' text format at {@code /metrics} when asked, and turns a port that
 * cannot be had into a {@link ConfigurationException} that says which option to change.
 *
 * <pre>{@code
 * try (HttpEndpoint endpoint =
 *     HttpEndpoint.builder("celeriac-metrics-http")
 *         .port(9808)
 *         .metrics(registry::scrape)
 *         .bindAdvice("pick another with --metrics-port")
 *         .start()) {
 *   System.out.println("serving on port " + endpoint.port());
 * }
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Requests are served by a fixed number of platform daemon threads named {@code <name>-<n>}, which
 * the endpoint creates and {@link #close()} stops. Handlers run on those threads, so they must be
 * thread-safe when there is more than one.
 */
public final class HttpEndpoint implements AutoCloseable {

  /** The content type of Prometheus' text exposition format. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * A builder whose request threads are named {@code threadName-<n>}, e.g. {@code
   * celeriac-monitor-http}.
   */
  public static Builder builder(String threadName) {
    return new Builder(threadName);
  }

  /** The address and port it listens on (the port chosen when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Answers with {@code status} and {@code body} as {@code type}, marked {@code nosniff}. An empty
   * body is sent without one. The caller closes the exchange.
   */
  public static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  /** Stops listening at once and stops the request threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Settings of an endpoint; {@link #start()} binds it. */
  public static final class Builder {

    private final String threadName;
    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
    private String address;
    private int port;
    private int threads = 1;
    private int backlog;
    private Authenticator authenticator;
    private final List<Filter> filters = new ArrayList<>();
    private String bindAdvice = "choose another port";

    private Builder(String threadName) {
      ConfigurationException.require(
          threadName != null && !threadName.isBlank(), "an HTTP endpoint needs a thread name");
      this.threadName = threadName;
    }

    /** The interface to listen on, e.g. {@code 127.0.0.1}; default: all interfaces. */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /** The port, 0 for any free one (the default). */
    public Builder port(int port) {
      ConfigurationException.require(
          port >= 0 && port <= 65_535, "port must be 0..65535 (0: any free port); got " + port);
      this.port = port;
      return this;
    }

    /** Request threads (default 1). */
    public Builder threads(int threads) {
      ConfigurationException.require(threads > 0, "threads must be positive; got " + threads);
      this.threads = threads;
      return this;
    }

    /** Connections waiting to be accepted; 0 (the default) leaves it to the system. */
    public Builder backlog(int backlog) {
      ConfigurationException.require(backlog >= 0, "backlog must be 0 or more; got " + backlog);
      this.backlog = backlog;
      return this;
    }

    /** Serves {@code path} and everything under it with {@code handler}. */
    public Builder route(String path, HttpHandler handler) {
      ConfigurationException.require(
          path != null && path.startsWith("/"), "a route's path must start with /; got " + path);
      routes.put(path, handler);
      return this;
    }

    /** Serves {@code scrape()} at {@code /metrics} in Prometheus' text format. */
    public Builder metrics(Supplier<String> scrape) {
      return route(
          "/metrics",
          exchange -> {
            try (exchange) {
              send(exchange, 200, PROMETHEUS_TEXT, scrape.get().getBytes(StandardCharsets.UTF_8));
            }
          });
    }

    /** Asks every route for a login, e.g. HTTP basic authentication. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = authenticator;
      return this;
    }

    /**
     * Runs {@code filter} before every route, in the order added and before the login, so what it
     * sets (e.g. security headers) is on every response, a refused login's included.
     */
    public Builder filter(Filter filter) {
      filters.add(filter);
      return this;
    }

    /**
     * What the error says to do when the port cannot be had, e.g. {@code "choose another --port or
     * --address"}.
     */
    public Builder bindAdvice(String advice) {
      this.bindAdvice = advice;
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws ConfigurationException when the address or port cannot be had, with the advice
     */
    public HttpEndpoint start() {
      InetSocketAddress socket =
          address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
      HttpServer server;
      try {
        server = HttpServer.create(socket, backlog);
      } catch (IOException e) {
        throw new ConfigurationException(
            "Cannot listen on "
                + (address == null ? "port " + port : address + ":" + port)
                + " ("
                + e.getMessage()
                + "): "
                + bindAdvice);
      }
      for (Map.Entry<String, HttpHandler> route : routes.entrySet()) {
        HttpContext context = server.createContext(route.getKey(), route.getValue());
        context.getFilters().addAll(filters);
        if (authenticator != null) {
          context.setAuthenticator(authenticator);
        }
      }
      ExecutorService executor =
          Executors.newFixedThreadPool(
              threads, Thread.ofPlatform().name(threadName + "-", 0).daemon(true).factory());
      server.setExecutor(executor);
      server.start();
      return new HttpEndpoint(server, executor);
    }
  }
}
