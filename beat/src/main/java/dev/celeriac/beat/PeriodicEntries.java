package dev.celeriac.beat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.Durations;
import dev.celeriac.Periodic;
import dev.celeriac.beat.schedule.Crontab;
import dev.celeriac.beat.schedule.Every;
import dev.celeriac.beat.schedule.Schedule;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import java.time.Duration;

/** Turns a {@link Periodic} annotation into a {@link BeatEntry}, refusing bad values by place. */
public final class PeriodicEntries {

  private PeriodicEntries() {}

  /**
   * @param task the task's name
   * @param taskQueue the task's {@code @Task(queue)}, empty for the default
   * @param place where the annotation is, e.g. {@code com.example.Tasks#add}, for messages
   * @throws ConfigurationException naming the place and the attribute
   */
  public static BeatEntry of(String task, String taskQueue, Periodic p, String place) {
    String name = p.name().isBlank() ? task : p.name();
    String where = "@Periodic on " + place + " (entry '" + name + "'), ";
    if (p.every().isBlank() == p.cron().isBlank()) {
      throw new ConfigurationException(where + "give exactly one of every or cron");
    }
    Schedule schedule;
    try {
      schedule =
          p.every().isBlank() ? Crontab.parse(p.cron()) : new Every(Durations.parse(p.every()));
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          where + (p.every().isBlank() ? "cron" : "every") + ": " + e.getMessage());
    }
    Duration expires = null;
    if (!p.expires().isBlank()) {
      try {
        expires = Durations.parse(p.expires());
      } catch (RuntimeException e) {
        throw new ConfigurationException(where + "expires: " + e.getMessage());
      }
    }
    String queue = !p.queue().isBlank() ? p.queue() : taskQueue.isBlank() ? null : taskQueue;
    try {
      return new BeatEntry(
          name,
          task,
          schedule,
          json(p.args(), ArrayNode.class, where + "args"),
          json(p.kwargs(), ObjectNode.class, where + "kwargs"),
          queue,
          expires,
          p.priority() < 0 ? null : p.priority(),
          MisfirePolicy.parse(p.misfire()));
    } catch (ConfigurationException e) {
      throw e.getMessage().startsWith("@Periodic")
          ? e
          : new ConfigurationException(where + e.getMessage());
    }
  }

  private static <T extends JsonNode> T json(String text, Class<T> type, String what) {
    try {
      JsonNode node = CeleryJson.mapper().readTree(text);
      if (!type.isInstance(node)) {
        throw new ConfigurationException(
            what + " must be a JSON " + (type == ArrayNode.class ? "array" : "object"));
      }
      return type.cast(node);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
