package dev.celeriac.monitor;

import dev.celeriac.beat.BeatStatus;
import java.util.Optional;

/**
 * Where the monitor reads what the sending beat last reported: a seam, so the beat view is tested
 * without a broker.
 */
interface BeatStatusSource {

  /**
   * The latest report, or empty when no beat of the group ever reported.
   *
   * @throws dev.celeriac.error.CeleriacException when the broker cannot be read or the report is
   *     not readable
   */
  Optional<BeatStatus> read();
}
