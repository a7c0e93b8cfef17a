package dev.celeriac.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeriac.protocol.CeleryJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkerStatsTest {

  private static String pool(String json) {
    return WorkerStats.poolName(CeleryJson.read(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void namesThePoolFromAStatsReply() {
    assertThat(pool("{\"max-concurrency\": 2, \"threads\": 2}")).isEqualTo("threads");
    assertThat(pool("{\"max-concurrency\": 4, \"processes\": [1, 2, 3, 4]}")).isEqualTo("prefork");
    assertThat(pool("{\"implementation\": \"celeriac:virtual\", \"max-concurrency\": 8}"))
        .isEqualTo("virtual");
    assertThat(pool("{\"max-concurrency\": 1}")).isEqualTo("solo");
    assertThat(pool("{}")).isNull();
  }
}
