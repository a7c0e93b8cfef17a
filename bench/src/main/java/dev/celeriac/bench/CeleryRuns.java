package dev.celeriac.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celeriac.backend.db.DatabaseBackendSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Python Celery side ({@code celery_bench.py}) and reads its JSON line. */
final class CeleryRuns {

  static final String PYTHON = "/usr/bin/python3";

  /**
   * How often Celery reads a result from a backend that polls (the database backend), in seconds:
   * Celeriac's first poll interval, where Celery's default of half a second would make each
   * sequential call wait about that long. rpc:// and Redis push results and ignore it.
   */
  static final String POLL_INTERVAL =
      Double.toString(DatabaseBackendSettings.DEFAULT_POLL_INTERVAL.toMillis() / 1000.0);

  private final String brokerUrl;
  private final Path dir;

  CeleryRuns(String brokerUrl) throws IOException {
    this.brokerUrl = brokerUrl;
    this.dir = Files.createTempDirectory("celeriac-celery-bench");
    try (InputStream script = CeleryRuns.class.getResourceAsStream("celery_bench.py")) {
      Files.copy(script, dir.resolve("celery_bench.py"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Whether Python Celery can be imported. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import celery").start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Celery's version string. */
  static String version() {
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import celery; print(celery.__version__)")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  JsonNode run(String pool, int concurrency, String workload, int n, int runs)
      throws IOException, InterruptedException {
    return run(pool, concurrency, workload, n, runs, "rpc://");
  }

  /** One workload on a fresh Celery worker storing results in {@code backend}. */
  JsonNode run(String pool, int concurrency, String workload, int n, int runs, String backend)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                List.of(
                    PYTHON,
                    "celery_bench.py",
                    "--broker",
                    brokerUrl,
                    "--pool",
                    pool,
                    "--concurrency",
                    Integer.toString(concurrency),
                    "--workload",
                    workload,
                    "--n",
                    Integer.toString(n),
                    "--runs",
                    Integer.toString(runs),
                    "--backend",
                    backend,
                    "--interval",
                    POLL_INTERVAL))
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0 || out.isEmpty()) {
      throw new IllegalStateException("celery_bench.py " + workload + " failed: " + out);
    }
    String last = out.substring(out.lastIndexOf('\n') + 1);
    return new ObjectMapper().readTree(last);
  }
}
