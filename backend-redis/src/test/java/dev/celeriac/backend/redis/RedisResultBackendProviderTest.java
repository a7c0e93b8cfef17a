package dev.celeriac.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisResultBackendProviderTest {

  @Test
  void serviceLoaderFindsTheRedisProviderForBothSchemes() {
    assertThat(ResultBackendProvider.find("redis://localhost:6379/0"))
        .isInstanceOf(RedisResultBackendProvider.class);
    assertThat(ResultBackendProvider.find("REDISS://localhost:6379/0"))
        .isInstanceOf(RedisResultBackendProvider.class);
  }

  @Test
  void otherSchemesAreNotFoundAndTheErrorNamesTheSchemeOnly() {
    assertThatThrownBy(() -> ResultBackendProvider.find("db+postgresql://u:secret@h/db"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'db+postgresql://'")
        .hasMessageContaining(RedisResultBackendProvider.class.getName())
        .hasMessageNotContaining("secret");
  }

  @Test
  void createsABackendWithTheClientsOptionsWithoutConnecting() {
    ResultBackend backend =
        new RedisResultBackendProvider()
            .create(
                "redis://:pw@localhost:1/3",
                ResultBackendOptions.defaults().withExpires(Duration.ofMinutes(5)));
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
