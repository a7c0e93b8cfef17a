package dev.celeriac.client.futures;

import dev.celeriac.error.CeleriacException;
import java.util.List;

/**
 * Some items of a {@code mapReduce} with {@link MapOptions#collectErrors()} failed. Carries every
 * failed item and the fold of the ones that succeeded.
 *
 * <pre>{@code
 * try {
 *   total = futures.mapReduce(task, Integer::sum, items, MapOptions.builder().collectErrors(true).build());
 * } catch (MapReduceException e) {
 *   e.failures().forEach(f -> log.warn("item {} failed: {}", f.index(), f.error().getMessage()));
 *   total = (Integer) e.partialResult();
 * }
 * }</pre>
 */
public final class MapReduceException extends CeleriacException {

  private final transient Object partialResult;
  private final transient List<ItemFailure> failures;

  MapReduceException(String taskName, int items, Object partialResult, List<ItemFailure> failures) {
    super(
        failures.size()
            + " of "
            + items
            + " items of "
            + taskName
            + " failed; the first (item "
            + failures.getFirst().index()
            + "): "
            + failures.getFirst().error().getMessage()
            + ". failures() lists them all; partialResult() folds the rest.");
    this.partialResult = partialResult;
    this.failures = List.copyOf(failures);
  }

  /** The reduction of the items that succeeded, or null when none did. */
  public Object partialResult() {
    return partialResult;
  }

  /** The failed items, by input position. */
  public List<ItemFailure> failures() {
    return failures;
  }
}
