package dev.celeriac.backend.db.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Python Celery 5.2 with SQLAlchemy and psycopg2 (Debian's python3-celery, python3-sqlalchemy and
 * python3-psycopg2 under /usr/bin/python3) for interop tests. Outside CI a missing package skips
 * the test; in CI (environment variable CI set) it fails it.
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
          new ProcessBuilder(PYTHON, "-c", "import celery, sqlalchemy, psycopg2")
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
          "Python Celery with SQLAlchemy and psycopg2 is required in CI: apt-get install"
              + " python3-celery python3-sqlalchemy python3-psycopg2");
    }
    Assumptions.assumeTrue(
        present, "python3-celery, python3-sqlalchemy and python3-psycopg2 are not installed");
  }

  /**
   * Runs a script to its end with the backend URL as {@code sys.argv[1]}; returns its last line.
   */
  public static String run(String script, String backendUrl, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-c", PRELUDE + script, backendUrl));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("python failed:\n" + out);
    }
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }
}
