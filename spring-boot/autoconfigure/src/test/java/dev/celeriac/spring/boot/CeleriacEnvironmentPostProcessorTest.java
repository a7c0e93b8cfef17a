package dev.celeriac.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CeleriacEnvironmentPostProcessorTest {

  @Test
  void mapsTheCliVariablesToTheirProperties() {
    Map<String, Object> properties =
        CeleriacEnvironmentPostProcessor.properties(
            Map.of(
                "CELERIAC_BROKER_URL", "amqp://guest:guest@rabbit:5672//",
                "CELERIAC_RESULT_BACKEND", "redis://cache:6379/1",
                "CELERIAC_QUEUES", "orders,mail",
                "CELERIAC_CONCURRENCY", "8",
                "CELERIAC_PREFETCH_MULTIPLIER", "2",
                "CELERIAC_SHUTDOWN_TIMEOUT", "20s",
                "PATH", "/usr/bin"));

    assertThat(properties)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "celeriac.broker-url", "amqp://guest:guest@rabbit:5672//",
                "celeriac.result-backend", "redis://cache:6379/1",
                "celeriac.worker.queues", "orders,mail",
                "celeriac.worker.concurrency", "8",
                "celeriac.worker.prefetch-multiplier", "2",
                "celeriac.worker.shutdown-timeout", "20s"));
  }

  @Test
  void everyMappedPropertyIsDeclaredInTheMetadataIdesComplete() throws Exception {
    JsonNode metadata;
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      metadata = new ObjectMapper().readTree(in);
    }
    List<String> declared = new ArrayList<>();
    metadata.path("properties").forEach(p -> declared.add(p.path("name").asText()));

    assertThat(declared)
        .containsAll(CeleriacEnvironmentPostProcessor.mappedProperties())
        .contains(
            "celeriac.broker-url",
            "celeriac.result-backend",
            "celeriac.queue-type",
            "celeriac.worker.enabled",
            "celeriac.worker.queues",
            "celeriac.worker.concurrency",
            "celeriac.worker.prefetch-multiplier",
            "celeriac.beat.enabled");
  }

  @Test
  void withoutHeartbeatTurnsTheHeartbeatOff() {
    assertThat(
            CeleriacEnvironmentPostProcessor.properties(
                Map.of("CELERIAC_WITHOUT_HEARTBEAT", "true")))
        .containsExactlyEntriesOf(Map.of("celeriac.worker.heartbeat", "false"));
  }

  @Test
  void readsTheFileFormForSecrets(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("url"), "amqp://u:secret@rabbit//\n");

    assertThat(
            CeleriacEnvironmentPostProcessor.properties(
                Map.of("CELERIAC_BROKER_URL_FILE", secret.toString())))
        .containsExactlyEntriesOf(Map.of("celeriac.broker-url", "amqp://u:secret@rabbit//"));
  }

  @Test
  void setsNothingWithoutVariables() {
    assertThat(CeleriacEnvironmentPostProcessor.properties(Map.of("HOME", "/root"))).isEmpty();
  }

  @Test
  void aVariableBeatsApplicationPropertiesAndBindsToTheDashedName() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "application.properties", Map.of("celeriac.broker-url", "amqp://from-file//")));

    CeleriacEnvironmentPostProcessor.add(
        environment, Map.of("celeriac.broker-url", "amqp://from-env//"));

    CeleriacProperties bound =
        Binder.get(environment).bind("celeriac", CeleriacProperties.class).get();
    assertThat(bound.getBrokerUrl()).isEqualTo("amqp://from-env//");
  }
}
