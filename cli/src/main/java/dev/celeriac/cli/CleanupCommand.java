package dev.celeriac.cli;

import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import dev.celeriac.error.ConfigurationException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code celeriac cleanup}: deletes results older than the result expiry from a durable backend
 * that does not expire them by itself, as Celery's {@code celery.backend_cleanup} task (and {@code
 * celery beat}'s daily schedule of it) does. Redis results carry a TTL and {@code rpc://} stores
 * nothing, so for those there is nothing to do. Needs no broker.
 */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description = {
      "Delete results older than --result-expires from the result backend (as Celery's",
      "celery.backend_cleanup task does). Needed for db+postgresql:// backends; Redis results",
      "expire by themselves and rpc:// stores nothing. Run it daily, e.g. from cron."
    })
final class CleanupCommand implements Callable<Integer> {

  @Mixin ResultBackendOption results;

  @Option(
      names = "--result-expires",
      paramLabel = "DURATION",
      description =
          "Results finished longer ago than this are deleted; 0s deletes nothing"
              + " (default: ${DEFAULT-VALUE}).")
  String resultExpires;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LogSetup.apply("warning");
    PrintWriter out = spec.commandLine().getOut();
    String url = results.url();
    String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : url;
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (scheme.equals("rpc")) {
      out.println("nothing to do: rpc:// stores no results");
      out.flush();
      return ExitCodes.OK;
    }
    Duration expires = dev.celeriac.Durations.parse(resultExpires == null ? "1d" : resultExpires);
    ResultBackendOptions options = ResultBackendOptions.defaults().withExpires(expires);
    for (ResultBackendProvider provider : ServiceLoader.load(ResultBackendProvider.class)) {
      if (provider.schemes().contains(scheme)) {
        try (ResultBackend backend = provider.open(url, options, null)) {
          if (scheme.startsWith("redis")) {
            out.println(
                "nothing to do: results in " + backend.url() + " expire by themselves (TTL)");
          } else if (expires.isZero()) {
            out.println("nothing to do: results do not expire (--result-expires 0s)");
          } else {
            long deleted = backend.cleanup();
            out.println(
                "deleted "
                    + deleted
                    + " result(s) finished more than "
                    + dev.celeriac.Durations.format(expires)
                    + " ago from "
                    + backend.url());
          }
        }
        out.flush();
        return ExitCodes.OK;
      }
    }
    throw new ConfigurationException(
        "No result backend serves "
            + scheme
            + ":// here; use a durable backend such as db+postgresql://user@host/db");
  }
}
