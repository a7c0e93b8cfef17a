package dev.celeriac.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.celeriac.error.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static boolean threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
  }

  @Test
  void servesMetricsInPrometheusTextFormatOnNamedThreadsItStopsOnClose() throws Exception {
    try (HttpEndpoint endpoint =
        HttpEndpoint.builder("test-endpoint-http")
            .address("127.0.0.1")
            .metrics(() -> "up 1\n")
            .route(
                "/hello",
                exchange -> {
                  try (exchange) {
                    HttpEndpoint.send(exchange, 200, "text/plain", "hi".getBytes());
                  }
                })
            .start()) {
      HttpResponse<String> metrics = get(endpoint.port(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).isEqualTo("up 1\n");
      assertThat(metrics.headers().firstValue("Content-Type"))
          .contains(HttpEndpoint.PROMETHEUS_TEXT);
      assertThat(metrics.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(get(endpoint.port(), "/hello").body()).isEqualTo("hi");
      assertThat(threadsNamed("test-endpoint-http-")).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !threadsNamed("test-endpoint-http-"));
  }

  @Test
  void filtersRunOnEveryRouteAndBeforeTheLoginSoARefusalCarriesWhatTheySet() throws Exception {
    Filter marker =
        new Filter() {
          @Override
          public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            exchange.getResponseHeaders().set("X-Test-Filter", "ran");
            chain.doFilter(exchange);
          }

          @Override
          public String description() {
            return "marks responses";
          }
        };
    try (HttpEndpoint endpoint =
        HttpEndpoint.builder("test-filter-http")
            .address("127.0.0.1")
            .metrics(() -> "up 1\n")
            .filter(marker)
            .authenticator(
                new BasicAuthenticator("test") {
                  @Override
                  public boolean checkCredentials(String user, String password) {
                    return false;
                  }
                })
            .start()) {
      HttpResponse<String> refused = get(endpoint.port(), "/metrics");
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("X-Test-Filter")).contains("ran");
    }
  }

  @Test
  void aPortInUseIsAConfigurationErrorThatSaysWhatToChange() {
    try (HttpEndpoint first = HttpEndpoint.builder("test-first").address("127.0.0.1").start()) {
      assertThatThrownBy(
              () ->
                  HttpEndpoint.builder("test-second")
                      .address("127.0.0.1")
                      .port(first.port())
                      .bindAdvice("pick another with --metrics-port")
                      .start())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("127.0.0.1:" + first.port())
          .hasMessageEndingWith("pick another with --metrics-port");
    }
  }
}
