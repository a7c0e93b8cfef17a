package dev.celeriac.beat;

import dev.celeriac.protocol.CeleryTime;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskProperties;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the protocol v2 message for one tick: a plain task call as Celery's beat sends it, plus
 * two headers that make every tick identifiable by anyone who receives it, so a duplicate is
 * detectable: {@value #ENTRY_HEADER} (the entry's name) and {@value #SCHEDULED_HEADER} (the tick's
 * scheduled time, ISO-8601 with offset, as Celery writes times). Workers in any language ignore
 * headers they do not know; Python tasks read them from {@code self.request}.
 */
public final class BeatMessages {

  /** The header with the entry's name. */
  public static final String ENTRY_HEADER = "beat_entry";

  /** The header with the tick's scheduled time. */
  public static final String SCHEDULED_HEADER = "beat_scheduled";

  private BeatMessages() {}

  /**
   * The message for the tick of {@code entry} scheduled at {@code scheduled}, sent at {@code now}.
   */
  static TaskMessage tick(
      BeatEntry entry, Instant scheduled, String id, String origin, Instant now) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put(ENTRY_HEADER, entry.name());
    extra.put(SCHEDULED_HEADER, CeleryTime.format(scheduled.atOffset(ZoneOffset.UTC)));
    TaskHeaders headers =
        TaskHeaders.builder(id, entry.task())
            .rootId(id)
            .origin(origin)
            .expires(
                entry.expires() == null ? null : now.plus(entry.expires()).atOffset(ZoneOffset.UTC))
            .extra(extra)
            .build();
    TaskProperties properties =
        new TaskProperties(
            id,
            null,
            entry.priority(),
            TaskProperties.PERSISTENT,
            entry.expires() == null ? null : String.valueOf(entry.expires().toMillis()),
            TaskProperties.JSON,
            TaskProperties.UTF_8);
    return new TaskMessage(headers, new TaskBody(entry.args(), entry.kwargs(), null), properties);
  }
}
