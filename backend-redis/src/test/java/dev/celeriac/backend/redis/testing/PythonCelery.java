package dev.celeriac.backend.redis.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Python Celery 5.2 (Debian's python3-celery and python3-redis under /usr/bin/python3) for interop
 * tests. Outside CI a missing Celery skips the test; in CI (environment variable CI set) it fails
 * it.
 */
public final class PythonCelery {

  public static final String PYTHON = "/usr/bin/python3";

  /**
   * Prepended to every script: a Celery app whose result backend is {@code sys.argv[1]}. No broker
   * is used; results are read and written directly.
   */
  private static final String PRELUDE =
      """
      import json, sys
      from celery import Celery
      from celery.result import AsyncResult, GroupResult
      app = Celery("interop", broker="memory://", backend=sys.argv[1])
      """;

  private PythonCelery() {}

  public static void require() {
    boolean present;
    try {
      Process p =
          new ProcessBuilder(PYTHON, "-c", "import celery, redis")
              .redirectErrorStream(true)
              .start();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    if (!present && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "Python Celery with Redis is required in CI: apt-get install python3-celery"
              + " python3-redis");
    }
    Assumptions.assumeTrue(present, "python3-celery and python3-redis are not installed");
  }

  /** Starts a script with the backend URL as {@code sys.argv[1]} and more arguments after it. */
  public static Process start(String script, String backendUrl, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", PRELUDE + script, backendUrl));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Runs a script to its end; returns its last output line. */
  public static String run(String script, String backendUrl, String... args)
      throws IOException, InterruptedException {
    return finish(start(script, backendUrl, args));
  }

  /** Waits for a started script; returns its last output line, or fails with all its output. */
  public static String finish(Process p) throws IOException, InterruptedException {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("python failed:\n" + out);
    }
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }
}
