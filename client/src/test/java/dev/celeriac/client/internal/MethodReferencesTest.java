package dev.celeriac.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.Task;
import dev.celeriac.TaskNames;
import dev.celeriac.client.TaskMethod;
import dev.celeriac.error.TaskDefinitionException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class MethodReferencesTest {

  static class MathTasks {
    @Task(name = "tasks.add")
    public static int add(int x, int y) {
      return x + y;
    }

    @Task
    public String greet(String name) {
      return "hi " + name;
    }

    public static int notATask(int x) {
      return x;
    }
  }

  @Test
  void resolvesStaticMethodReferenceToItsTaskName() {
    TaskMethod.Of2<Integer, Integer, Integer> ref = MathTasks::add;
    Method method = MethodReferences.resolve(ref);
    assertThat(TaskNames.nameOf(method)).isEqualTo("tasks.add");
  }

  @Test
  void resolvesUnboundInstanceMethodReference() {
    TaskMethod.Of2<MathTasks, String, String> ref = MathTasks::greet;
    Method method = MethodReferences.resolve(ref);
    assertThat(TaskNames.nameOf(method))
        .isEqualTo("dev.celeriac.client.internal.MethodReferencesTest$MathTasks.greet");
  }

  @Test
  void rejectsMethodWithoutTaskAnnotation() {
    TaskMethod.Of1<Integer, Integer> ref = MathTasks::notATask;
    assertThatThrownBy(() -> MethodReferences.resolve(ref))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining("has no @Task annotation");
  }

  @Test
  void rejectsLambdaBody() {
    TaskMethod.Of1<Integer, Integer> ref = x -> x + 1;
    assertThatThrownBy(() -> MethodReferences.resolve(ref))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining("method reference");
  }
}
