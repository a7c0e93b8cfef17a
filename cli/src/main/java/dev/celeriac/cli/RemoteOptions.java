package dev.celeriac.cli;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.control.Control;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -d/--destination}, {@code -t/--timeout} and {@code --json}, shared by inspect and control.
 */
final class RemoteOptions {

  @Option(
      names = {"-d", "--destination"},
      paramLabel = "NODE",
      split = ",",
      description = "Only these workers, e.g. celery@host1 (comma-separated or repeated).")
  List<String> destination = new ArrayList<>();

  @Option(
      names = {"-t", "--timeout"},
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "How long to wait for replies (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--json", description = "Print the replies as one JSON object, node -> reply.")
  boolean json;

  Control control(Celeriac app) {
    return app.control().to(destination).timeout(dev.celeriac.Durations.parse(timeout));
  }
}
