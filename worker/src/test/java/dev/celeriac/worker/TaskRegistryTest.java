package dev.celeriac.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.Task;
import dev.celeriac.error.TaskDefinitionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

  public static class Math {
    @Task(name = "tasks.add")
    public static int add(int x, int y) {
      return x + y;
    }

    @Task
    public int twice(int x) {
      return 2 * x;
    }
  }

  public static class Clash {
    @Task(name = "tasks.add")
    public static int plus(int x, int y) {
      return x + y;
    }
  }

  public static class NoConstructor {
    public NoConstructor(String s) {}

    @Task
    public int one() {
      return 1;
    }
  }

  public static class Varargs {
    @Task
    public static int sum(int... xs) {
      return 0;
    }
  }

  public static class Generic {
    @Task
    public static <T> T echo(T value) {
      return value;
    }
  }

  public static class Plain {
    public static int notATask() {
      return 0;
    }
  }

  @Test
  void registersStaticAndInstanceMethodsWithDefaultAndExplicitNames() {
    TaskRegistry registry = TaskRegistry.builder().add(Math.class).build();
    assertThat(registry.names())
        .containsExactlyInAnyOrder("tasks.add", "dev.celeriac.worker.TaskRegistryTest$Math.twice");
    assertThat(
            registry.find("dev.celeriac.worker.TaskRegistryTest$Math.twice").orElseThrow().target())
        .isInstanceOf(Math.class);
  }

  @Test
  void rejectsDuplicateNamesNamingBothPlaces() {
    assertThatThrownBy(() -> TaskRegistry.builder().add(Math.class).add(Clash.class))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining("'tasks.add' is registered twice")
        .hasMessageContaining("TaskRegistryTest$Math#add")
        .hasMessageContaining("TaskRegistryTest$Clash#plus");
  }

  @Test
  void addingTheSameClassTwiceIsHarmless() {
    assertThat(TaskRegistry.builder().add(Math.class).add(Math.class).build().size()).isEqualTo(2);
  }

  @Test
  void rejectsInstanceMethodsOfClassesWithoutNoArgConstructor() {
    assertThatThrownBy(() -> TaskRegistry.builder().add(NoConstructor.class))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining("has no no-argument constructor");
  }

  @Test
  void rejectsUnsupportedSignatures() {
    assertThatThrownBy(() -> TaskRegistry.builder().add(Varargs.class))
        .hasMessageContaining("is varargs");
    assertThatThrownBy(() -> TaskRegistry.builder().add(Generic.class))
        .hasMessageContaining("generic type T");
  }

  @Test
  void rejectsClassesWithoutTasks() {
    assertThatThrownBy(() -> TaskRegistry.builder().add(Plain.class))
        .hasMessageContaining("has no @Task methods");
  }

  @Test
  void appAcceptsAClassNameOrAPackage() {
    assertThat(TaskRegistry.builder().app(Math.class.getName()).build().names())
        .contains("tasks.add");
    assertThat(TaskRegistry.builder().app("dev.celeriac.worker.futures").build().names())
        .containsAll(List.of("it.futures.sum", "it.futures.add", "it.futures.square"));
  }

  @Test
  void appRejectsNamesThatAreNeitherClassNorPackage() {
    assertThatThrownBy(() -> TaskRegistry.builder().app("com.nowhere.Tasks"))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining("is neither a class nor a package with @Task methods");
  }
}
