package dev.celeriac.monitor;

import dev.celeriac.beat.BeatStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code GET /api/beat}: which process sends the group's periodic tasks, since when,
 * how long ago it reported, and each entry's last and next run, from the report {@code celeriac
 * beat --status} reads too. Names, tasks and schedules come from a schedule file or an app: the UI
 * shows them as text only.
 */
final class BeatView {

  private final BeatStatusSource source;
  private final String group;
  private final InstantSource clock;

  BeatView(BeatStatusSource source, String group, InstantSource clock) {
    this.source = source;
    this.group = group;
    this.clock = clock;
  }

  Map<String, Object> get() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("group", group);
    Optional<BeatStatus> read = source.read();
    view.put("reported", read.isPresent());
    if (read.isEmpty()) {
      view.put("entries", List.of());
      return view;
    }
    BeatStatus status = read.get();
    Instant now = clock.instant();
    view.put("sender", status.sender());
    view.put("since", text(status.since()));
    view.put("updated", text(status.updated()));
    view.put(
        "ageSeconds",
        status.updated() == null
            ? null
            : Math.max(0, Duration.between(status.updated(), now).toMillis()) / 1000.0);
    view.put("stale", status.updated() == null || status.staleAt(now));
    List<Map<String, Object>> entries = new ArrayList<>();
    for (BeatStatus.Line line : status.entries()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", line.name());
      entry.put("task", line.task());
      entry.put("schedule", line.schedule());
      entry.put("lastRun", text(line.lastRun()));
      entry.put("nextRun", text(line.nextRun()));
      entries.add(entry);
    }
    view.put("entries", entries);
    return view;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
