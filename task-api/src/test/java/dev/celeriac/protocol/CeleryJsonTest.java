package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.error.ProtocolException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CeleryJsonTest {

  @Test
  void writesWithPythonSeparatorsAndAsciiEscapes() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("b", "two");
    value.put("c", java.util.Arrays.asList(1, 2.5, null, true));
    value.put("d", Map.of("nested", Map.of("x", "é")));

    assertThat(CeleryJson.write(value))
        .isEqualTo(
            "{\"b\": \"two\", \"c\": [1, 2.5, null, true], \"d\": {\"nested\": {\"x\": \"\\u00e9\"}}}");
  }

  @Test
  void escapesStringsLikePythonEnsureAscii() {
    assertThat(CeleryJson.write("q\" b\\ /\n\r\t\b\f\u0001\u007f\u00e9\u20ac\uD83D\uDE00"))
        .isEqualTo("\"q\\\" b\\\\ /\\n\\r\\t\\b\\f\\u0001\\u007f\\u00e9\\u20ac\\ud83d\\ude00\"");
  }

  @Test
  void writesEmptyContainersCompactly() {
    assertThat(CeleryJson.write(List.of(List.of(), Map.of()))).isEqualTo("[[], {}]");
  }

  @ParameterizedTest
  @CsvSource({
    "2.0, 2.0",
    "0.1, 0.1",
    "2.5, 2.5",
    "1e16, 1e+16",
    "1e15, 1000000000000000.0",
    "1.5e16, 1.5e+16",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "-0.0, -0.0",
    "123456789.123, 123456789.123",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "5e-324, 5e-324",
    "2.2250738585072014e-308, 2.2250738585072014e-308",
    "0.30000000000000004, 0.30000000000000004",
    "1e22, 1e+22",
    "-1.5e-7, -1.5e-07"
  })
  void writesFloatsLikePythonRepr(double value, String python) {
    assertThat(CeleryJson.write(value)).isEqualTo(python);
  }

  @Test
  void writesNonFiniteFloatsLikeJsonDumps() {
    assertThat(
            CeleryJson.write(
                List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)))
        .isEqualTo("[NaN, Infinity, -Infinity]");
    assertThat(
            CeleryJson.read("[NaN, -Infinity]".getBytes(StandardCharsets.UTF_8)).get(0).isNumber())
        .isTrue();
  }

  @Test
  void keepsIntegersBeyondLongExact() {
    byte[] json =
        "[1267650600228229401496703205376, -9223372036854775809]".getBytes(StandardCharsets.UTF_8);

    JsonNode tree = CeleryJson.read(json);

    assertThat(tree.get(0).bigIntegerValue()).isEqualTo(BigInteger.TWO.pow(100));
    assertThat(CeleryJson.writeBytes(tree))
        .isEqualTo(
            "[1267650600228229401496703205376, -9223372036854775809]"
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(CeleryJson.mapper().convertValue(tree, List.class).get(0))
        .isEqualTo(BigInteger.TWO.pow(100));
  }

  record Point(int x, int y) {}

  @Test
  void bindsRecordsAndIgnoresUnknownProperties() throws Exception {
    Point point = CeleryJson.mapper().readValue("{\"x\": 1, \"y\": 2, \"z\": 3}", Point.class);

    assertThat(point).isEqualTo(new Point(1, 2));
    assertThat(CeleryJson.write(point)).isEqualTo("{\"x\": 1, \"y\": 2}");
  }

  record When(OffsetDateTime at) {}

  @Test
  void writesAndReadsDatetimesAsPythonIsoformat() throws Exception {
    OffsetDateTime at = OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 678_901_000, ZoneOffset.UTC);

    assertThat(CeleryJson.write(new When(at)))
        .isEqualTo("{\"at\": \"2030-01-02T03:04:05.678901+00:00\"}");
    assertThat(CeleryJson.write(at.toInstant())).isEqualTo("\"2030-01-02T03:04:05.678901+00:00\"");
    assertThat(
            CeleryJson.mapper().readValue("{\"at\": \"2030-01-02T03:04:05.678901\"}", When.class))
        .isEqualTo(new When(at));
  }

  @Test
  void rejectsInvalidJsonWithTheParsersReason() {
    assertThatThrownBy(() -> CeleryJson.read("[1, 2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("not valid JSON: ")
        .hasMessageContaining("line 1");
  }

  @Test
  void rejectsTrailingDataLikeJsonLoads() {
    assertThatThrownBy(() -> CeleryJson.read("[1] [2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] bytes = {'[', '"', (byte) 0xff, '"', ']'};

    assertThatThrownBy(() -> CeleryJson.read(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void rejectsEmptyInput() {
    assertThatThrownBy(() -> CeleryJson.read(new byte[0]))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("empty");
  }
}
