package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PythonReprTest {

  @Test
  void rendersArgsAsTuple() {
    assertThat(PythonRepr.argsRepr(json("[2, 3]"))).isEqualTo("(2, 3)"); // publish-01
    assertThat(PythonRepr.argsRepr(json("[5]"))).isEqualTo("(5,)");
    assertThat(PythonRepr.argsRepr(json("[1]"))).isEqualTo("(1,)"); // publish-11
    assertThat(PythonRepr.argsRepr(json("[]"))).isEqualTo("()");
    assertThat(PythonRepr.argsRepr(json("[42, \"custom\"]"))).isEqualTo("(42, 'custom')");
  }

  @Test
  void rendersListArgsLikeCeleryDoesForApplyAsyncWithAList() {
    assertThat(PythonRepr.saferepr(json("[1]"), PythonRepr.CELERY_MAXSIZE))
        .isEqualTo("[1]"); // publish-08
    assertThat(PythonRepr.saferepr(json("[\"hi\"]"), PythonRepr.CELERY_MAXSIZE))
        .isEqualTo("['hi']"); // publish-15
  }

  @Test
  void rendersKwargsAsDict() {
    assertThat(PythonRepr.kwargsRepr(json("{}"))).isEqualTo("{}");
    assertThat(PythonRepr.kwargsRepr(json("{\"loud\": true}")))
        .isEqualTo("{'loud': True}"); // publish-15
    assertThat(
            PythonRepr.kwargsRepr(
                json(
                    "{\"b\": \"two\", \"c\": [1, 2.5, null, true],"
                        + " \"d\": {\"nested\": {\"x\": \"\\u00e9\"}}}")))
        .isEqualTo(
            "{'b': 'two', 'c': [1, 2.5, None, True], 'd': {'nested': {'x': 'é'}}}"); // publish-08
  }

  @Test
  void rendersSignatureKwargsLikePublish20() {
    assertThat(
            PythonRepr.kwargsRepr(
                json(
                    "{\"task\": {\"task\": \"captasks.xsum\", \"args\": [], \"kwargs\": {},"
                        + " \"options\": {}, \"subtask_type\": null, \"immutable\": false},"
                        + " \"it\": [[1, 2], [3, 4]]}")))
        .isEqualTo(
            "{'task': {'task': 'captasks.xsum', 'args': [], 'kwargs': {}, 'options': {},"
                + " 'subtask_type': None, 'immutable': False}, 'it': [[1, 2], [3, 4]]}");
  }

  @Test
  void escapesOnlySingleQuotesLikeCelerysSaferepr() {
    assertThat(PythonRepr.argsRepr(json("[\"it's\", \"a\\nb\"]"))).isEqualTo("('it\\'s', 'a\nb')");
  }

  static Stream<Arguments> celeryCases() throws IOException {
    try (InputStream in = PythonReprTest.class.getResourceAsStream("/saferepr-cases.json")) {
      List<Arguments> out = new ArrayList<>();
      for (JsonNode c : CeleryJson.mapper().readTree(in).get("cases")) {
        out.add(Arguments.of(c.get("name").asText(), c));
      }
      return out.stream();
    }
  }

  /** Expected values produced by Celery 5.2.6's own saferepr (see the resource's "source"). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("celeryCases")
  void matchesCelerySaferepr(String name, JsonNode c) {
    JsonNode value = json(c.get("json").asText());
    int maxlen = c.get("maxlen").intValue();

    String actual =
        c.get("tuple").booleanValue()
            ? (maxlen == PythonRepr.CELERY_MAXSIZE
                ? PythonRepr.argsRepr(value)
                : tupleRepr(value, maxlen))
            : PythonRepr.saferepr(value, maxlen);

    assertThat(actual).isEqualTo(c.get("expected").asText());
  }

  @Test
  void unlimitedSafereprKeepsEverything() {
    String repr = PythonRepr.saferepr(json("[" + "1, ".repeat(999) + "1]"), -1);

    assertThat(repr).hasSize(1 + 1000 + 999 * 2 + 1).doesNotContain("...");
  }

  @Test
  void reprUsesPythonQuoting() {
    assertThat(PythonRepr.repr(json("\"it's\""))).isEqualTo("\"it's\"");
    assertThat(PythonRepr.repr(json("\"say \\\"hi\\\"\""))).isEqualTo("'say \"hi\"'");
    assertThat(PythonRepr.repr(json("\"both ' and \\\"\""))).isEqualTo("'both \\' and \"'");
  }

  @Test
  void reprEscapesLikePython() {
    assertThat(PythonRepr.repr(json("\"a\\nb\\tc\\rd\\\\e\""))).isEqualTo("'a\\nb\\tc\\rd\\\\e'");
    assertThat(PythonRepr.repr(json("\"\\u0007\\u007f\\u0085\""))).isEqualTo("'\\x07\\x7f\\x85'");
    assertThat(PythonRepr.repr(json("\"\\u00e9\\u200b\\ud83d\\ude00\"")))
        .isEqualTo("'é\\u200b\uD83D\uDE00'");
  }

  @Test
  void reprWritesPythonLiterals() {
    assertThat(PythonRepr.repr(json("[true, false, null, 1.0, 1e16, {\"k\": [1]}]")))
        .isEqualTo("[True, False, None, 1.0, 1e+16, {'k': [1]}]");
  }

  private static String tupleRepr(JsonNode value, int maxlen) {
    return PythonRepr.saferepr(value, true, maxlen);
  }

  private static JsonNode json(String text) {
    return CeleryJson.read(text.getBytes(StandardCharsets.UTF_8));
  }
}
