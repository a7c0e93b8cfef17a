package dev.celeriac.examples;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import java.time.Duration;
import java.util.List;

/**
 * Calls a Python Celery task from Java: {@code py.add} on queue {@code py-tasks} (the task comes
 * from the interop test app, cli/src/test/resources/interop/celeriac_interop.py).
 *
 * <pre>
 * java -cp cli/target/celeriac.jar dev.celeriac.examples.CallPython [broker-url]
 * </pre>
 */
public final class CallPython {

  private CallPython() {}

  public static void main(String[] args) {
    dev.celeriac.cli.LogSetup.apply("warning");
    String url = args.length > 0 ? args[0] : "amqp://guest:guest@localhost:5672//";
    try (Celeriac app = Celeriac.connect(url)) {
      int sum =
          app.task("py.add", Integer.class)
              .applyAsync(List.of(5, 5), TaskOptions.builder().queue("py-tasks").build())
              .get(Duration.ofSeconds(30));
      System.out.println("py.add(5, 5) from Java = " + sum);
    }
  }
}
