package dev.celeriac.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Python Celery (Debian's python3-celery, under /usr/bin/python3) for interop tests. Outside
 * CI a missing Celery skips the test; in CI (env CI set) it fails it.
 */
public final class PythonCelery {

  public static final String PYTHON = "/usr/bin/python3";

  private PythonCelery() {}

  /** Skips (or, in CI, fails) unless Python Celery is importable. */
  public static void require() {
    boolean present;
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import celery").redirectErrorStream(true).start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    if (!present && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "Python Celery is required in CI: apt-get install -y python3-celery");
    }
    Assumptions.assumeTrue(present, "Python Celery not installed (apt-get install python3-celery)");
  }

  /** Runs a Python snippet with the given arguments ({@code sys.argv[1:]}); returns its output. */
  public static String run(String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("python failed:\n" + out);
    }
    return out;
  }
}
