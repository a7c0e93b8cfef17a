package dev.celeriac.client.futures;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Checked waits run as {@link ManagedBlocking#block} runs unchecked ones. */
final class Waits {

  private Waits() {}

  interface Get<T> {
    T get() throws InterruptedException, ExecutionException, TimeoutException;
  }

  static <T> T timed(Get<T> wait)
      throws InterruptedException, ExecutionException, TimeoutException {
    Runnable takeBack = ManagedBlocking.lend();
    try {
      return wait.get();
    } finally {
      takeBack.run();
    }
  }

  static <T> T interruptibly(Get<T> wait) throws InterruptedException, ExecutionException {
    try {
      return timed(wait);
    } catch (TimeoutException e) {
      throw new IllegalStateException("an untimed wait timed out", e);
    }
  }
}
