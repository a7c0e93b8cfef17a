package dev.celeriac.beat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.beat.schedule.Schedule;
import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * One periodic task: a name, the task it sends, when, with which arguments and options. Celery's
 * {@code beat_schedule} entry.
 *
 * <pre>{@code
 * BeatEntry e = BeatEntry.builder("add-every-second", "tasks.add", Every.seconds(1))
 *     .args(List.of(1, 2)).queue("q").build();
 * }</pre>
 *
 * @param name unique within a beat; travels in the {@code beat_entry} header
 * @param task the task name
 * @param schedule when it is due
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param queue the queue, or null for the default ({@code celery})
 * @param expires how long a sent tick stays valid, or null for ever
 * @param priority the message priority, or null
 * @param misfire what to do with ticks missed for longer than the threshold
 */
public record BeatEntry(
    String name,
    String task,
    Schedule schedule,
    ArrayNode args,
    ObjectNode kwargs,
    String queue,
    Duration expires,
    Integer priority,
    MisfirePolicy misfire) {

  public BeatEntry {
    ConfigurationException.require(name != null && !name.isBlank(), "an entry needs a name");
    ConfigurationException.require(
        task != null && !task.isBlank(), "entry '" + name + "': task must name a task");
    Objects.requireNonNull(schedule, "schedule");
    args = args == null ? JsonNodeFactory.instance.arrayNode() : args.deepCopy();
    kwargs = kwargs == null ? JsonNodeFactory.instance.objectNode() : kwargs.deepCopy();
    ConfigurationException.require(
        expires == null || (!expires.isNegative() && !expires.isZero()),
        "entry '" + name + "': options.expires must be positive; got " + expires);
    ConfigurationException.require(
        priority == null || (priority >= 0 && priority <= 255),
        "entry '" + name + "': options.priority must be 0-255; got " + priority);
    misfire = misfire == null ? MisfirePolicy.RUN_ONCE : misfire;
  }

  @Override
  public ArrayNode args() {
    return args.deepCopy();
  }

  @Override
  public ObjectNode kwargs() {
    return kwargs.deepCopy();
  }
}
