package dev.celeriac.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.protocol.CeleryJson;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentBinderTest {

  record Point(int x, int y) {}

  static int add(int x, int y) {
    return x + y;
  }

  static int norm(Point p, List<Integer> weights, Map<String, String> tags) {
    return 0;
  }

  private final ObjectMapper json = CeleryJson.mapper();
  private final ArgumentBinder binder = new ArgumentBinder(json);

  private Method method(String name) {
    for (Method m : getClass().getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  private ArrayNode args(String text) throws Exception {
    return (ArrayNode) json.readTree(text);
  }

  private ObjectNode kwargs(String text) throws Exception {
    return (ObjectNode) json.readTree(text);
  }

  @Test
  void bindsPositionalArguments() throws Exception {
    assertThat(binder.bind("tasks.add", method("add"), args("[5, 5]"), kwargs("{}")))
        .containsExactly(5, 5);
  }

  @Test
  void bindsKeywordArgumentsByParameterName() throws Exception {
    assertThat(binder.bind("tasks.add", method("add"), args("[1]"), kwargs("{\"y\": 2}")))
        .containsExactly(1, 2);
  }

  @Test
  void convertsJsonToRecordsListsAndMaps() throws Exception {
    Object[] values =
        binder.bind(
            "t",
            method("norm"),
            args("[{\"x\": 1, \"y\": 2}, [3, 4]]"),
            kwargs("{\"tags\": {\"a\": \"b\"}}"));
    assertThat(values).containsExactly(new Point(1, 2), List.of(3, 4), Map.of("a", "b"));
  }

  @Test
  void rejectsTooManyPositionalArgumentsLikePython() {
    assertThatThrownBy(
            () -> binder.bind("tasks.add", method("add"), args("[1, 2, 3]"), kwargs("{}")))
        .isInstanceOf(ArgumentException.class)
        .hasMessage("tasks.add() takes 2 positional arguments but 3 were given");
  }

  @Test
  void rejectsMissingArgumentsNamingThem() {
    assertThatThrownBy(() -> binder.bind("tasks.add", method("add"), args("[]"), kwargs("{}")))
        .hasMessage("tasks.add() missing 2 required arguments: 'x', 'y'");
  }

  @Test
  void rejectsUnknownAndDuplicateKeywords() {
    assertThatThrownBy(
            () -> binder.bind("tasks.add", method("add"), args("[1, 2]"), kwargs("{\"z\": 3}")))
        .hasMessage("tasks.add() got an unexpected keyword argument 'z'");
    assertThatThrownBy(
            () -> binder.bind("tasks.add", method("add"), args("[1, 2]"), kwargs("{\"x\": 3}")))
        .hasMessage("tasks.add() got multiple values for argument 'x'");
  }

  @Test
  void rejectsValuesThatDoNotConvertNamingTheParameter() {
    assertThatThrownBy(
            () -> binder.bind("tasks.add", method("add"), args("[\"five\", 5]"), kwargs("{}")))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("argument 'x' cannot be read as int from \"five\"");
    assertThatThrownBy(
            () -> binder.bind("tasks.add", method("add"), args("[null, 5]"), kwargs("{}")))
        .hasMessageContaining("argument 'x' must be a int, not None");
  }
}
