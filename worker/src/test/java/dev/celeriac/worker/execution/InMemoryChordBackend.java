package dev.celeriac.worker.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.results.ChordPart;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.state.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A persistent result backend in memory, with or without a chord join of its own. Its join follows
 * Celery's Redis rules: parts keyed by task id, ordered by {@code group_index} (none last), and
 * complete when their count equals the chord size.
 */
class InMemoryChordBackend implements ResultBackend {

  final Map<String, ResultMessage> stored = new ConcurrentHashMap<>();
  final Map<String, Integer> sizes = new ConcurrentHashMap<>();
  final Map<String, List<ChordPart>> joins = new ConcurrentHashMap<>();
  final List<String> cleared = new CopyOnWriteArrayList<>();
  private final boolean nativeJoin;
  volatile RuntimeException failure;

  InMemoryChordBackend(boolean joinsChords) {
    this.nativeJoin = joinsChords;
  }

  void finished(String taskId, TaskState state, JsonNode result) {
    stored.put(taskId, new ResultMessage(taskId, state, result, null, null));
  }

  @Override
  public String url() {
    return "memory://";
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
    stored.put(target.taskId(), result);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public ResultWatch watch(String taskId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<ResultMessage> fetch(String taskId) {
    if (failure != null) {
      throw failure;
    }
    return Optional.ofNullable(stored.get(taskId));
  }

  @Override
  public void forget(String taskId) {
    stored.remove(taskId);
  }

  @Override
  public boolean joinsChords() {
    return nativeJoin;
  }

  @Override
  public void setChordSize(String groupId, int size) {
    sizes.put(groupId, size);
  }

  @Override
  public synchronized Optional<List<ChordPart>> chordPartReturned(ChordPart part) {
    if (failure != null) {
      throw failure;
    }
    List<ChordPart> parts = joins.computeIfAbsent(part.groupId(), g -> new ArrayList<>());
    parts.removeIf(p -> p.taskId().equals(part.taskId()));
    parts.add(part);
    Integer size = sizes.get(part.groupId());
    if (size == null || parts.size() != size) {
      return Optional.empty();
    }
    List<ChordPart> ordered = new ArrayList<>(parts);
    ordered.sort(
        Comparator.comparing(
            (ChordPart p) -> p.groupIndex() == null ? Integer.MAX_VALUE : p.groupIndex()));
    return Optional.of(ordered);
  }

  @Override
  public void clearChord(String groupId) {
    cleared.add(groupId);
    joins.remove(groupId);
    sizes.remove(groupId);
  }

  @Override
  public String replyTo() {
    return null;
  }

  @Override
  public void close() {}
}
