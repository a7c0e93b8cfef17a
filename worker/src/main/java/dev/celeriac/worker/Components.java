package dev.celeriac.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's components in start order. They start in that order and close in reverse; a component
 * that fails to close is logged and the others are still closed. Every component added is closed,
 * started or not, so a worker that fails half-way through starting leaves nothing open.
 *
 * <h2>Concurrency</h2>
 *
 * {@link #add} and {@link #startAll} run on the thread that starts the worker; {@link #closeAll}
 * and {@link #abortAll} may overlap (a cold shutdown during a warm one): each component is closed
 * or aborted once.
 */
final class Components {

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private record Entry(Component component, AtomicBoolean done) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Adds {@code component} after the others; returns it. */
  <T extends Component> T add(T component) {
    synchronized (entries) {
      entries.add(new Entry(component, new AtomicBoolean()));
    }
    return component;
  }

  /** Starts every component in order; the first failure is thrown (nothing is closed here). */
  void startAll() {
    for (Entry entry : snapshot()) {
      log.debug("Starting {}", entry.component().name());
      entry.component().start();
    }
  }

  /** Closes every component in reverse order, each once. */
  void closeAll() {
    each(true);
  }

  /** Aborts every component in reverse order, each once (cold shutdown). */
  void abortAll() {
    each(false);
  }

  private void each(boolean graceful) {
    List<Entry> reversed = new ArrayList<>(snapshot());
    java.util.Collections.reverse(reversed);
    for (Entry entry : reversed) {
      if (!entry.done().compareAndSet(false, true)) {
        continue;
      }
      Component c = entry.component();
      try {
        if (graceful) {
          c.close();
        } else {
          c.abort();
        }
      } catch (RuntimeException e) {
        log.warn("Cannot {} {}: {}", graceful ? "close" : "abort", c.name(), e.toString());
      }
    }
  }

  private List<Entry> snapshot() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }
}
