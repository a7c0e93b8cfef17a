package dev.celeriac.client.futures;

import dev.celeriac.error.ConfigurationException;
import java.time.Duration;

/**
 * How {@link Futures#map} and {@link Futures#mapReduce} split and collect their work. Immutable;
 * build with {@link #builder()}.
 *
 * <pre>{@code
 * MapOptions options = MapOptions.builder()
 *     .chunkSize(25)            // 25 items per message, run concurrently by the worker
 *     .combiner("tasks.add")    // the worker folds each chunk with this task before replying
 *     .timeout(Duration.ofMinutes(1))
 *     .build();
 * }</pre>
 *
 * @param chunkSize items per message. 1 (the default) sends one ordinary task message per item.
 *     More sends {@code celeriac.chunk} messages: the worker runs the chunk's items concurrently on
 *     virtual threads and replies once per chunk, which amortises messaging for tiny tasks. Chunks
 *     need Celeriac workers.
 * @param combiner a task registered on the workers taking two results and returning one (e.g.
 *     {@code tasks.add}), or null. With chunks, {@code mapReduce} lets the worker fold each chunk
 *     with it and reply with one value, which the caller's reducer then folds; it must compute the
 *     same as the reducer. Without chunks it is not used.
 * @param collectErrors false (the default): the first failed item fails the call with that item's
 *     error and revokes what has not started. True: {@code mapReduce} folds every successful item
 *     and then throws {@link MapReduceException} listing the failed ones, if any.
 * @param timeout how long the whole call may take, or null (the default) to wait without limit
 */
public record MapOptions(int chunkSize, String combiner, boolean collectErrors, Duration timeout) {

  /** One message per item, no combiner, fail fast, no timeout. */
  public static final MapOptions DEFAULTS = builder().build();

  public MapOptions {
    ConfigurationException.require(
        chunkSize >= 1, "chunk size must be at least 1 item; got " + chunkSize);
    ConfigurationException.require(
        combiner == null || !combiner.isBlank(), "combiner must be a task name or unset");
    ConfigurationException.require(
        timeout == null || timeout.isPositive(), "timeout must be positive; got " + timeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder()
        .chunkSize(chunkSize)
        .combiner(combiner)
        .collectErrors(collectErrors)
        .timeout(timeout);
  }

  /** Builder for {@link MapOptions}. */
  public static final class Builder {
    private int chunkSize = 1;
    private String combiner;
    private boolean collectErrors;
    private Duration timeout;

    private Builder() {}

    /** Default 1 (no chunks). */
    public Builder chunkSize(int chunkSize) {
      this.chunkSize = chunkSize;
      return this;
    }

    /** Default none. */
    public Builder combiner(String combiner) {
      this.combiner = combiner;
      return this;
    }

    /** Default false. */
    public Builder collectErrors(boolean collectErrors) {
      this.collectErrors = collectErrors;
      return this;
    }

    /** Default none. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public MapOptions build() {
      return new MapOptions(chunkSize, combiner, collectErrors, timeout);
    }
  }
}
