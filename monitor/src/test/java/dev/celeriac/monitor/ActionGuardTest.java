package dev.celeriac.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import org.junit.jupiter.api.Test;

class ActionGuardTest {

  private final ActionGuard guard = ActionGuard.random();

  private static Headers headers(String... pairs) {
    Headers headers = new Headers();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void refusesARequestWithoutTheToken() {
    assertThat(guard.refusal(headers("Host", "localhost:5555")))
        .hasValueSatisfying(reason -> assertThat(reason).contains(ActionGuard.HEADER));
  }

  @Test
  void refusesAWrongTokenIncludingOneOfAnotherLength() {
    assertThat(guard.refusal(headers(ActionGuard.HEADER, "1")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("wrong"));
    String flipped = (guard.token().charAt(0) == 'A' ? "B" : "A") + guard.token().substring(1);
    assertThat(guard.refusal(headers(ActionGuard.HEADER, flipped))).isPresent();
  }

  @Test
  void refusesAnotherOriginOrSiteEvenWithTheToken() {
    assertThat(
            guard.refusal(
                headers(
                    ActionGuard.HEADER,
                    guard.token(),
                    "Host",
                    "localhost:5555",
                    "Origin",
                    "http://evil.example")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("another origin"));
    assertThat(
            guard.refusal(
                headers(
                    ActionGuard.HEADER,
                    guard.token(),
                    "Host",
                    "localhost:5555",
                    "Origin",
                    "http://localhost:5556")))
        .isPresent();
    assertThat(
            guard.refusal(
                headers(
                    ActionGuard.HEADER, guard.token(), "Host", "localhost:5555", "Origin", "null")))
        .isPresent();
    assertThat(
            guard.refusal(
                headers(ActionGuard.HEADER, guard.token(), "Sec-Fetch-Site", "same-site")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("another site"));
    assertThat(
            guard.refusal(
                headers(ActionGuard.HEADER, guard.token(), "Sec-Fetch-Site", "cross-site")))
        .isPresent();
  }

  @Test
  void acceptsTheTokenFromTheSameOriginOrFromAClientThatSendsNoOrigin() {
    assertThat(
            guard.refusal(
                headers(
                    ActionGuard.HEADER,
                    guard.token(),
                    "Host",
                    "localhost:5555",
                    "Origin",
                    "http://localhost:5555",
                    "Sec-Fetch-Site",
                    "same-origin")))
        .isEmpty();
    assertThat(guard.refusal(headers(ActionGuard.HEADER, guard.token()))).isEmpty();
  }

  @Test
  void eachGuardHasItsOwnUnguessableToken() {
    assertThat(guard.token())
        .hasSizeGreaterThanOrEqualTo(43)
        .isNotEqualTo(ActionGuard.random().token());
  }
}
