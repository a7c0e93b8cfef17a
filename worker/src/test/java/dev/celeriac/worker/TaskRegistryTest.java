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

  /** A task class with a dependency, as a container would make it: no no-argument constructor. */
  public static class Priced {
    private final int price;

    public Priced(int price) {
      this.price = price;
    }

    @Task(name = "tasks.price")
    public int price(int quantity) {
      return price * quantity;
    }
  }

  /** What a class-based proxy is: a subclass whose instance is handed out instead. */
  public static class PricedProxy extends Priced {
    public PricedProxy() {
      super(0);
    }
  }

  @Test
  void bindsInstanceMethodsToTheGivenInstance() throws Exception {
    Priced bean = new Priced(3);
    TaskDefinition task =
        TaskRegistry.builder().add(Priced.class, bean).build().find("tasks.price").orElseThrow();

    assertThat(task.target()).isSameAs(bean);
    assertThat(task.method().invoke(task.target(), 2)).isEqualTo(6);
  }

  @Test
  void bindsToASubclassInstanceSuchAsAProxy() {
    PricedProxy proxy = new PricedProxy();
    assertThat(
            TaskRegistry.builder()
                .add(Priced.class, proxy)
                .build()
                .find("tasks.price")
                .orElseThrow()
                .target())
        .isSameAs(proxy);
  }

  @Test
  void rejectsATargetThatIsNotAnInstanceOfTheType() {
    assertThatThrownBy(() -> TaskRegistry.builder().add(Priced.class, "not a Priced"))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining(
            "java.lang.String is not a dev.celeriac.worker.TaskRegistryTest$Priced");
  }

  @Test
  void rejectsTheSameMethodBoundToTwoInstances() {
    assertThatThrownBy(
            () ->
                TaskRegistry.builder()
                    .add(Priced.class, new Priced(1))
                    .add(Priced.class, new Priced(2)))
        .isInstanceOf(TaskDefinitionException.class)
        .hasMessageContaining("'tasks.price' is registered twice");
  }

  @Test
  void bindingTheSameInstanceTwiceIsHarmless() {
    Priced bean = new Priced(1);
    assertThat(
            TaskRegistry.builder().add(Priced.class, bean).add(Priced.class, bean).build().size())
        .isEqualTo(1);
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
