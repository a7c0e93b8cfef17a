package dev.celeriac.client.futures;

import dev.celeriac.error.CeleriacException;
import java.time.Duration;

/**
 * A map, reduction or wait of this package did not finish within its timeout. Tasks it sent and
 * that had not finished were revoked (a map or reduction) or left alone (a wait).
 */
public final class FuturesTimeoutException extends CeleriacException {

  FuturesTimeoutException(String what, Duration timeout, int pending) {
    super(
        what
            + " did not finish within "
            + timeout
            + " ("
            + pending
            + " still pending). Are workers consuming the queue? Raise the timeout for longer work.");
  }
}
