package dev.celeriac.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RedisResultBackendProviderTest {

  @Test
  void serviceLoaderAnnouncesTheRedisProviderForBothSchemes() {
    assertThat(ServiceLoader.load(ResultBackendProvider.class).stream())
        .map(ServiceLoader.Provider::get)
        .filteredOn(RedisResultBackendProvider.class::isInstance)
        .singleElement()
        .satisfies(p -> assertThat(p.schemes()).containsExactlyInAnyOrder("redis", "rediss"));
  }

  @Test
  void createsABackendWithTheClientsOptionsWithoutConnecting() {
    ResultBackend backend =
        new RedisResultBackendProvider()
            .open(
                "redis://:pw@localhost:1/3",
                ResultBackendOptions.defaults().withExpires(Duration.ofMinutes(5)),
                null);
    try {
      assertThat(backend).isInstanceOf(RedisResultBackend.class);
      assertThat(backend.url()).isEqualTo("redis://:****@localhost:1/3");
      assertThat(backend.persistent()).isTrue();
      assertThat(backend.replyTo()).isNull();
      assertThat(((RedisResultBackend) backend).settings().expires())
          .isEqualTo(Duration.ofMinutes(5));
    } finally {
      backend.close();
    }
  }
}
