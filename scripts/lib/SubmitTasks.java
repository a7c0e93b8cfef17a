// Sends N tasks.sleep_sum calls to a broker and waits for every result; prints one line with the
// count and the time taken, exits 1 if any result is missing or wrong. For scripts that check a
// deployment from the outside (scripts/compose-check.sh):
//
//   java -cp cli/target/celeriac.jar scripts/lib/SubmitTasks.java URL N SLEEP_MILLIS
import dev.celeriac.client.AsyncResult;
import dev.celeriac.client.Celeriac;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class SubmitTasks {
  public static void main(String[] args) {
    String url = args[0];
    int count = Integer.parseInt(args[1]);
    long sleepMillis = Long.parseLong(args[2]);
    dev.celeriac.cli.LogSetup.apply("warning");
    long started = System.nanoTime();
    try (Celeriac app = Celeriac.builder().url(url).connectionName("submit-tasks").build()) {
      var task = app.task("tasks.sleep_sum", Long.class);
      List<AsyncResult<Long>> results = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        results.add(task.delay(List.of(i, 1L), sleepMillis));
      }
      int wrong = 0;
      for (int i = 0; i < count; i++) {
        if (results.get(i).get(Duration.ofSeconds(120)) != i + 1) {
          wrong++;
        }
      }
      System.out.printf(
          "%d tasks, %d wrong results, %.1f s%n", count, wrong, (System.nanoTime() - started) / 1e9);
      System.exit(wrong == 0 ? 0 : 1);
    }
  }
}
