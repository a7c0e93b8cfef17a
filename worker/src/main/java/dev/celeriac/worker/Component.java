package dev.celeriac.worker;

/**
 * One part of a running worker (its connection, result backend, pipeline, consumers, mailbox, ...).
 * A worker starts its components in order and closes them in reverse ({@link Components}).
 *
 * <pre>{@code
 * Component mailbox = Component.of("mailbox", box::start, box::close);
 * }</pre>
 *
 * <h2>Concurrency</h2>
 *
 * Started and closed by the thread that starts or stops the worker; {@link #abort()} may come from
 * another thread while a warm shutdown is closing (each component is closed at most once).
 */
interface Component {

  /** What it is, for logs. */
  String name();

  /** Starts it; the components before it are started. */
  void start();

  /** Closes it gracefully; the components after it are closed. Must be safe if never started. */
  void close();

  /** Cold shutdown: stop now, without goodbyes to the broker. By default the same as close. */
  default void abort() {
    close();
  }

  /** A component from its three actions; abort is close. */
  static Component of(String name, Runnable start, Runnable close) {
    return of(name, start, close, close);
  }

  /** A component from its four actions. */
  static Component of(String name, Runnable start, Runnable close, Runnable abort) {
    return new Component() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void start() {
        start.run();
      }

      @Override
      public void close() {
        close.run();
      }

      @Override
      public void abort() {
        abort.run();
      }
    };
  }

  /** A resource that is ready once built and only needs closing. */
  static <T extends AutoCloseable> Owned<T> owning(String name, T resource) {
    return new Owned<>(name, resource);
  }

  /** A component that owns one resource and closes it. */
  record Owned<T extends AutoCloseable>(String name, T resource) implements Component {
    @Override
    public void start() {}

    @Override
    public void close() {
      try {
        resource.close();
      } catch (Exception e) {
        throw new IllegalStateException(e.toString(), e);
      }
    }
  }
}
