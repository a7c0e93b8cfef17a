package dev.celeriac.beat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.beat.schedule.Crontab;
import dev.celeriac.beat.schedule.Every;
import dev.celeriac.beat.schedule.InvalidFieldException;
import dev.celeriac.beat.schedule.Schedule;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a schedule file in the shape of Celery's {@code beat_schedule}:
 *
 * <pre>{@code
 * {"add-every-second": {"task": "tasks.add", "schedule": 1.0, "args": [1, 2], "kwargs": {},
 *                       "options": {"queue": "q", "expires": 30, "priority": 5}},
 *  "report": {"task": "tasks.report",
 *             "schedule": {"crontab": {"minute": "*&#47;15", "day_of_week": "mon-fri"}},
 *             "misfire": "skip"}}
 * }</pre>
 *
 * <p>Anything it does not know is refused, with the entry and the field named: a typo in a schedule
 * would otherwise run a task at the wrong time, silently. {@code misfire} ({@code run-once} or
 * {@code skip}) is Celeriac's; Celery's {@code relative} is accepted when false.
 */
public final class ScheduleFile {

  private static final Set<String> ENTRY_KEYS =
      Set.of("task", "schedule", "args", "kwargs", "options", "misfire", "relative");
  private static final Set<String> OPTION_KEYS = Set.of("queue", "expires", "priority");

  private ScheduleFile() {}

  /**
   * The entries of a schedule file's text, in file order.
   *
   * @param source the file's name, for messages
   * @throws ConfigurationException naming the entry and the field that is wrong
   */
  public static List<BeatEntry> parse(String text, String source) {
    JsonNode root;
    try {
      root = CeleryJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(
          "Schedule " + source + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (!(root instanceof ObjectNode entries)) {
      throw new ConfigurationException(
          "Schedule "
              + source
              + " must be a JSON object of entries, {\"name\": {\"task\": ..., \"schedule\": ...}}");
    }
    List<BeatEntry> result = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      result.add(entry(source, e.getKey(), e.getValue()));
    }
    return result;
  }

  private static BeatEntry entry(String source, String name, JsonNode node) {
    if (!(node instanceof ObjectNode o)) {
      throw refuse(source, name, "(entry)", "must be an object with task and schedule");
    }
    for (Iterator<String> keys = o.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!ENTRY_KEYS.contains(key)) {
        throw refuse(source, name, key, "is not an entry field; use one of " + sorted(ENTRY_KEYS));
      }
    }
    if (!o.path("task").isTextual() || o.path("task").asText().isBlank()) {
      throw refuse(source, name, "task", "must name a task, e.g. \"tasks.add\"");
    }
    if (o.has("relative") && o.get("relative").asBoolean(true)) {
      throw refuse(source, name, "relative", "true is not supported; leave it out");
    }
    JsonNode args = o.path("args");
    if (!args.isMissingNode() && !args.isNull() && !args.isArray()) {
      throw refuse(source, name, "args", "must be a JSON array");
    }
    JsonNode kwargs = o.path("kwargs");
    if (!kwargs.isMissingNode() && !kwargs.isNull() && !kwargs.isObject()) {
      throw refuse(source, name, "kwargs", "must be a JSON object");
    }
    MisfirePolicy misfire = MisfirePolicy.RUN_ONCE;
    if (o.has("misfire")) {
      try {
        misfire = MisfirePolicy.parse(o.get("misfire").asText());
      } catch (ConfigurationException ex) {
        throw refuse(source, name, "misfire", "must be run-once or skip");
      }
    }
    String queue = null;
    Duration expires = null;
    Integer priority = null;
    JsonNode options = o.path("options");
    if (!options.isMissingNode() && !options.isNull()) {
      if (!options.isObject()) {
        throw refuse(source, name, "options", "must be a JSON object");
      }
      for (Iterator<String> keys = options.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!OPTION_KEYS.contains(key)) {
          throw refuse(
              source, name, "options." + key, "is not supported; use " + sorted(OPTION_KEYS));
        }
      }
      if (options.has("queue")) {
        if (!options.get("queue").isTextual() || options.get("queue").asText().isBlank()) {
          throw refuse(source, name, "options.queue", "must be a queue name");
        }
        queue = options.get("queue").asText();
      }
      if (options.has("expires")) {
        JsonNode x = options.get("expires");
        if (!x.isNumber() || x.asDouble() <= 0) {
          throw refuse(source, name, "options.expires", "must be a positive number of seconds");
        }
        expires = Duration.ofMillis(Math.round(x.asDouble() * 1000));
      }
      if (options.has("priority")) {
        JsonNode p = options.get("priority");
        if (!p.isInt() || p.asInt() < 0 || p.asInt() > 255) {
          throw refuse(source, name, "options.priority", "must be a whole number 0-255");
        }
        priority = p.asInt();
      }
    }
    return new BeatEntry(
        name,
        o.get("task").asText(),
        schedule(source, name, o.path("schedule")),
        args.isArray() ? (ArrayNode) args : null,
        kwargs.isObject() ? (ObjectNode) kwargs : null,
        queue,
        expires,
        priority,
        misfire);
  }

  private static Schedule schedule(String source, String name, JsonNode node) {
    if (node.isNumber()) {
      try {
        return Every.seconds(node.asDouble());
      } catch (IllegalArgumentException e) {
        throw refuse(source, name, "schedule", e.getMessage());
      }
    }
    if (node instanceof ObjectNode o && o.size() == 1 && o.get("crontab") instanceof ObjectNode c) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!f.getValue().isTextual() && !f.getValue().isInt()) {
          throw refuse(
              source, name, "schedule.crontab." + f.getKey(), "must be a string or a number");
        }
        fields.put(f.getKey(), f.getValue().asText());
      }
      try {
        return Crontab.of(fields);
      } catch (InvalidFieldException e) {
        throw refuse(source, name, "schedule.crontab." + e.field(), e.getMessage());
      }
    }
    throw refuse(
        source,
        name,
        "schedule",
        "must be a number of seconds or {\"crontab\": {\"minute\": ..., \"hour\": ...}}");
  }

  /**
   * Refuses entries whose task is not among {@code known} (the tasks of {@code -A}): a typo would
   * otherwise send, every tick, a message no worker can run.
   *
   * @throws ConfigurationException naming the entry, its task and the known ones
   */
  public static void requireKnownTasks(
      List<BeatEntry> entries, java.util.Collection<String> known, String apps) {
    for (BeatEntry e : entries) {
      if (!known.contains(e.task())) {
        throw new ConfigurationException(
            "Entry '"
                + e.name()
                + "', field task: '"
                + e.task()
                + "' is not a task of "
                + apps
                + "; known: "
                + known.stream().sorted().toList()
                + ". Fix the name, or leave -A out to send tasks other apps run.");
      }
    }
  }

  private static ConfigurationException refuse(
      String source, String entry, String field, String problem) {
    return new ConfigurationException(
        "Schedule " + source + ", entry '" + entry + "', field " + field + ": " + problem);
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
