package dev.celeriac.beat;

import dev.celeriac.broker.BrokerException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory broker for {@link BeatCore}: one lock shared by every fake of the same {@link
 * Shared}, the state, and a log of what was written and sent, in order.
 */
final class FakeBeatBroker implements BeatBroker {

  /** What several beats share: the lock holder, the state, every event. */
  static final class Shared {
    FakeBeatBroker holder;
    Map<String, Instant> state = new HashMap<>();
    final List<String> events = new ArrayList<>();
    final List<String> sent = new ArrayList<>();
  }

  final Shared shared;
  final String name;
  boolean failNextSend;
  int releases;

  FakeBeatBroker(Shared shared, String name) {
    this.shared = shared;
    this.name = name;
  }

  @Override
  public boolean tryAcquire() {
    if (shared.holder == null) {
      shared.holder = this;
    }
    return shared.holder == this;
  }

  private void requireLock() {
    if (shared.holder != this) {
      throw new BrokerException(name + " has no connection");
    }
  }

  @Override
  public Map<String, Instant> readLastRuns() {
    requireLock();
    return new HashMap<>(shared.state);
  }

  @Override
  public void writeLastRuns(Map<String, Instant> lastRuns) {
    requireLock();
    shared.state = new HashMap<>(lastRuns);
    shared.events.add("record " + lastRuns);
  }

  @Override
  public void send(BeatEntry entry, Instant scheduled) {
    requireLock();
    if (failNextSend) {
      failNextSend = false;
      shared.holder = null; // the connection is gone, and with it the lock
      throw new BrokerException("connection lost");
    }
    shared.events.add("send " + entry.name() + " " + scheduled);
    shared.sent.add(entry.name() + " " + scheduled);
  }

  @Override
  public void writeStatus(BeatStatus status) {
    requireLock();
  }

  @Override
  public void release() {
    releases++;
    if (shared.holder == this) {
      shared.holder = null;
    }
  }

  @Override
  public void close() {
    release();
  }
}
