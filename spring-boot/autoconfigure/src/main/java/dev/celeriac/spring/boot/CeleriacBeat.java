package dev.celeriac.spring.boot;

import dev.celeriac.beat.Beat;
import dev.celeriac.beat.BeatRole;
import dev.celeriac.beat.BeatSettings;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded beat ({@code celeriac.beat.enabled=true}): sends the {@code @Periodic} entries of
 * the application's task beans and those of {@code celeriac.beat.schedule}. Every instance of the
 * application may run one; like {@code celeriac beat} processes of the same group, they elect one
 * sender through the broker and the others stand by (docs/beat.md).
 *
 * <p>It starts after the worker and stops before it ({@link #PHASE}), so the application's own
 * worker consumes before the first tick is sent and the last tick is sent before it stops. The
 * client bean is created before it and closed after it.
 *
 * <h2>Concurrency</h2>
 *
 * The context calls {@link #start()} and {@link #stop()} from one thread at a time; {@link #role()}
 * and {@link #isRunning()} may be called from any thread.
 */
public final class CeleriacBeat implements SmartLifecycle {

  /** One above the worker's: started after it, stopped before it. */
  static final int PHASE = CeleriacWorker.PHASE + 1;

  private static final Logger log = LoggerFactory.getLogger(CeleriacBeat.class);

  private final Supplier<BeatSettings> settings;
  private volatile Beat beat;

  /**
   * @param settings read at start, when every task bean exists, so that a bad entry fails the start
   *     naming it
   */
  CeleriacBeat(Supplier<BeatSettings> settings) {
    this.settings = settings;
  }

  @Override
  public void start() {
    BeatSettings s = settings.get();
    // Does not connect here: an unreachable broker leaves it standing by, retrying (docs/beat.md).
    beat = Beat.start(s);
    log.info(
        "Celeriac beat {} started: {} entries, group {}, zone {}",
        s.identity(),
        s.entries().size(),
        s.group(),
        s.zone());
  }

  @Override
  public void stop() {
    Beat running = beat;
    if (running != null) {
      running.close(); // releases the lock: a standby instance takes over at once
      beat = null;
    }
  }

  @Override
  public boolean isRunning() {
    return beat != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** SENDING when this instance is the elected sender, STANDBY otherwise, STOPPED when stopped. */
  public BeatRole role() {
    Beat running = beat;
    return running == null ? BeatRole.STOPPED : running.role();
  }
}
