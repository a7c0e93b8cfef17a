package dev.celeriac.beat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sending beat last reported: who sends, since when, and each entry's last and next run.
 * The sender publishes it to the broker; {@code celeriac beat --status} reads it.
 *
 * @param sender the sending process, {@code beat<pid>@<host>}
 * @param since when it took over
 * @param updated when it wrote this
 * @param entries one line per entry
 */
public record BeatStatus(String sender, Instant since, Instant updated, List<Line> entries) {

  /** One entry: last run null when it never ran, next null when it never will. */
  public record Line(String name, String task, String schedule, Instant lastRun, Instant nextRun) {}

  /** A report older than this means no beat of the group is sending. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(10);

  /**
   * The queue the sender of {@code group} publishes its status to: a last-value queue holding one
   * message, which readers get and return without consuming.
   */
  public static String queue(String group) {
    return group + ".status";
  }

  /** Whether this report is too old to describe a running sender. */
  public boolean staleAt(Instant now) {
    return Duration.between(updated, now).compareTo(STALE_AFTER) > 0;
  }

  public BeatStatus {
    entries = List.copyOf(entries);
  }

  /** As JSON, for the broker. */
  public byte[] toJson() {
    ObjectNode root = CeleryJson.mapper().createObjectNode();
    root.put("sender", sender);
    root.put("since", String.valueOf(since));
    root.put("updated", String.valueOf(updated));
    ArrayNode lines = root.putArray("entries");
    for (Line l : entries) {
      ObjectNode o = lines.addObject();
      o.put("name", l.name()).put("task", l.task()).put("schedule", l.schedule());
      o.put("last_run", l.lastRun() == null ? null : l.lastRun().toString());
      o.put("next_run", l.nextRun() == null ? null : l.nextRun().toString());
    }
    return CeleryJson.writeBytes(root);
  }

  /** Reads {@link #toJson()}. */
  public static BeatStatus fromJson(byte[] json) {
    try {
      JsonNode root = CeleryJson.mapper().readTree(json);
      List<Line> lines = new ArrayList<>();
      for (JsonNode o : root.path("entries")) {
        lines.add(
            new Line(
                o.path("name").asText(),
                o.path("task").asText(),
                o.path("schedule").asText(),
                instant(o.path("last_run")),
                instant(o.path("next_run"))));
      }
      return new BeatStatus(
          root.path("sender").asText(),
          instant(root.path("since")),
          instant(root.path("updated")),
          lines);
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException("The beat status on the broker is not readable: " + e);
    }
  }

  private static Instant instant(JsonNode node) {
    return node.isTextual() ? Instant.parse(node.asText()) : null;
  }
}
