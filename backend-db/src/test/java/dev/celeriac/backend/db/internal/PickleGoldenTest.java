package dev.celeriac.backend.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.state.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rows Celery 5.2.6 wrote to PostgreSQL ({@code celery-vectors/capture.py}): Celeriac reads
 * every result pickle as the JSON value Python reads, and writes that value back byte for byte as
 * Python pickled it.
 */
class PickleGoldenTest {

  static Path dir() {
    try {
      return Path.of(PickleGoldenTest.class.getResource("/celery-vectors/capture.py").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode vector(String scenario) {
    try {
      return CeleryJson.mapper().readTree(dir().resolve(scenario + ".json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> taskScenarios() {
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .map(name -> name.substring(0, name.length() - ".json".length()))
          .filter(name -> vector(name).path("row").has("status"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyCapturedStateIsCovered() {
    assertThat(taskScenarios())
        .contains("success-int", "failure", "retry", "started", "revoked", "extended-success");
  }

  @ParameterizedTest
  @MethodSource("taskScenarios")
  void readsWhatPythonReads(String scenario) {
    JsonNode v = vector(scenario);
    JsonNode hex = v.path("row").path("result");
    byte[] pickle = hex.isNull() ? null : HexFormat.of().parseHex(hex.asText());
    JsonNode read = Pickles.decodeResult("task in " + scenario, pickle);
    JsonNode python = v.path("python").path("result_json");
    assertThat(read).isEqualTo(python.isMissingNode() ? CeleryJson.mapper().nullNode() : python);
  }

  @ParameterizedTest
  @MethodSource("taskScenarios")
  void writesTheBytesPythonWrites(String scenario) {
    JsonNode v = vector(scenario);
    JsonNode hex = v.path("row").path("result");
    TaskState state = TaskState.fromWire(v.path("row").path("status").asText());
    if (hex.isNull()) {
      // PickleType stores None as SQL NULL, not as a pickle of None.
      assertThat(Pickles.encodeResult(state, v.path("python").path("result_json"))).isNull();
      return;
    }
    JsonNode value = Pickles.decodeResult(scenario, HexFormat.of().parseHex(hex.asText()));
    assertThat(HexFormat.of().formatHex(Pickles.encodeResult(state, value)))
        .isEqualTo(hex.asText());
  }

  @Test
  void exceptionsCarryTheirArgumentsAsATuple() {
    JsonNode failure = vector("failure").path("python").path("result_json");
    assertThat(failure.path("exc_type").asText()).isEqualTo("ValueError");
    assertThat(failure.path("exc_message").toString()).isEqualTo("[\"boom\",42]");
    assertThat(vector("failure").path("python").path("result").asText())
        .contains("'exc_message': ('boom', 42)");
  }

  @Test
  void readsTheMemberIdsOfAGroupPythonSaved() {
    JsonNode v = vector("group-save");
    byte[] pickle = HexFormat.of().parseHex(v.path("row").path("result").asText());
    List<String> ids = Pickles.decodeGroup("group-save", pickle);
    assertThat(ids)
        .containsExactly(
            v.path("member_ids").get(0).asText(), v.path("member_ids").get(1).asText());
  }

  @Test
  void writesAGroupInTheShapePythonRestores() {
    byte[] pickle = Pickles.encodeGroup("g-1", List.of("a", "b"));
    assertThat(Pickles.decodeGroup("written", pickle)).containsExactly("a", "b");
    // _unpickle_appattr('GroupResult', ('g-1', [_unpickle_appattr('AsyncResult', ('a', None, …)),
    // …])) as Python's pickletools shows it; the interop tests restore it in Python.
    assertThat(new String(pickle, java.nio.charset.StandardCharsets.ISO_8859_1))
        .startsWith("\u0080\u0005\u0095")
        .contains("celery.app.base", "_unpickle_appattr", "GroupResult", "AsyncResult");
  }

  @Test
  void theTablesMatchWhatSqlAlchemyCreated() {
    JsonNode schema = vector("schema");
    StringBuilder columns = new StringBuilder();
    for (JsonNode c : schema.path("columns")) {
      columns
          .append(c.path("table_name").asText())
          .append('.')
          .append(c.path("column_name").asText())
          .append(' ')
          .append(c.path("data_type").asText())
          .append(
              c.path("character_maximum_length").isNull()
                  ? ""
                  : "(" + c.path("character_maximum_length").asInt() + ")")
          .append('\n');
    }
    assertThat(columns.toString())
        .isEqualTo(
            """
            celery_taskmeta.id integer
            celery_taskmeta.task_id character varying(155)
            celery_taskmeta.status character varying(50)
            celery_taskmeta.result bytea
            celery_taskmeta.date_done timestamp without time zone
            celery_taskmeta.traceback text
            celery_taskmeta.name character varying(155)
            celery_taskmeta.args bytea
            celery_taskmeta.kwargs bytea
            celery_taskmeta.worker character varying(155)
            celery_taskmeta.retries integer
            celery_taskmeta.queue character varying(155)
            celery_tasksetmeta.id integer
            celery_tasksetmeta.taskset_id character varying(155)
            celery_tasksetmeta.result bytea
            celery_tasksetmeta.date_done timestamp without time zone
            """);
    assertThat(schema.path("sequences").toString())
        .contains("task_id_sequence", "taskset_id_sequence");
  }
}
