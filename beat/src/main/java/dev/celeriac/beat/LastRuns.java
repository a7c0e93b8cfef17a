package dev.celeriac.beat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last-run state as it travels on the broker: {@code {"entries": {"name":
 * "2030-01-02T03:04:05Z"}}} (the scheduled time of each entry's last tick sent), and the merge rule
 * for several copies.
 *
 * <p>Last runs only move forward, so copies merge by taking each entry's latest: a reader that
 * finds an older copy next to a newer one (see {@link AmqpBeatBroker}) still gets the newest.
 */
final class LastRuns {

  private LastRuns() {}

  static byte[] toJson(Map<String, Instant> lastRuns, String writer) {
    ObjectNode root = CeleryJson.mapper().createObjectNode();
    root.put("writer", writer);
    ObjectNode entries = root.putObject("entries");
    new TreeMap<>(lastRuns).forEach((name, at) -> entries.put(name, at.toString()));
    return CeleryJson.writeBytes(root);
  }

  /** Reads one copy; an unreadable one counts as empty (it is logged by the caller). */
  static Map<String, Instant> fromJson(byte[] json) throws IOException {
    JsonNode root = CeleryJson.mapper().readTree(json);
    Map<String, Instant> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("entries").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      result.put(e.getKey(), Instant.parse(e.getValue().asText()));
    }
    return result;
  }

  /** {@code into} with each entry of {@code more} that is later than {@code into}'s. */
  static void merge(Map<String, Instant> into, Map<String, Instant> more) {
    more.forEach((name, at) -> into.merge(name, at, (a, b) -> a.isAfter(b) ? a : b));
  }
}
