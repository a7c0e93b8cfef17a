package dev.celeriac.client.results;

import java.time.Duration;

/**
 * What the builders of durable result backends' settings share: how long results are kept, whether
 * they store the call, and how long a call to the backend server may take. Each backend's builder
 * extends it, adds where to connect, and checks every value in its {@code build()}.
 *
 * <p>Not thread-safe; use one builder per thread.
 *
 * @param <B> the backend's builder, which every setter returns
 */
public abstract class ResultBackendSettingsBuilder<B extends ResultBackendSettingsBuilder<B>> {

  /** How long a result is kept; Celery's {@code result_expires}. */
  protected Duration expires = ResultBackendOptions.DEFAULT_EXPIRES;

  /** Whether results also store the call; Celery's {@code result_extended}. */
  protected boolean extended;

  /** How long connecting and each call to the server may take. */
  protected Duration timeout;

  /**
   * @param defaultTimeout the backend's default {@link #timeout}
   */
  protected ResultBackendSettingsBuilder(Duration defaultTimeout) {
    timeout = defaultTimeout;
  }

  /** This builder, as the backend's own type. */
  protected abstract B self();

  public B expires(Duration value) {
    expires = value;
    return self();
  }

  public B extended(boolean value) {
    extended = value;
    return self();
  }

  /** Takes expiry and extended mode from the options a client passes to every backend. */
  public B options(ResultBackendOptions options) {
    expires = options.expires();
    extended = options.extended();
    return self();
  }

  public B timeout(Duration value) {
    timeout = value;
    return self();
  }
}
