package dev.celeriac.cli;

import picocli.CommandLine.Option;

/**
 * {@code --result-backend URL} and {@code --result-persistent}, shared by the commands that store
 * or read results: {@code worker}, {@code call}, {@code result} and {@code monitor}. Its default is
 * {@code CELERIAC_RESULT_BACKEND}, else {@code rpc://} ({@link
 * dev.celeriac.client.results.ResultKeys#RESULT_BACKEND}).
 */
final class ResultBackendOption {

  @Option(
      names = "--result-backend",
      paramLabel = "URL",
      description =
          "Where results live: rpc:// or a durable backend such as redis://host:6379/0 or"
              + " db+postgresql://user@host/db"
              + " (env CELERIAC_RESULT_BACKEND; default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--result-persistent",
      description =
          "rpc:// results are persistent messages that survive a broker restart, read with"
              + " acknowledgements (Celery's result_persistent; env CELERIAC_RESULT_PERSISTENT)."
              + " Set it on workers and callers alike.")
  boolean persistent;

  /** The URL, {@code rpc://} when none was given (a command built outside the CLI's defaults). */
  String url() {
    return url == null || url.isBlank() ? "rpc://" : url.strip();
  }

  /** Whether results can be read by id from here: any backend but {@code rpc://}. */
  boolean durable() {
    return !url().toLowerCase(java.util.Locale.ROOT).startsWith("rpc:");
  }
}
