package dev.celeriac.client.futures;

import dev.celeriac.client.Celeriac;
import dev.celeriac.client.TaskOptions;
import dev.celeriac.client.TaskRef;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCOOP's futures API over Celeriac tasks: work is spread over every worker consuming the task's
 * queue, and results stream back as workers finish.
 *
 * <pre>{@code
 * Futures futures = app.futures();
 * TaskFuture<Integer> one = futures.submit(mySum, List.of(2, 2));
 * List<Integer> sums = futures.map(mySum, inputs).toList();          // input order
 * futures.mapUnordered(mySum, inputs).forEach(System.out::println);  // completion order
 * int total = futures.mapReduce(mySum, Integer::sum, inputs);        // folds as results arrive
 * }</pre>
 *
 * <p>Each item of a map is the task's one argument. Balancing comes from the broker: every worker
 * takes at most its prefetch count of messages, so a slow worker takes fewer. For tiny tasks,
 * {@link MapOptions#chunkSize()} sends several items per message.
 *
 * <p>Tasks may use futures too ({@link #inTask()}): a task body waiting on its sub-tasks gives its
 * worker slot back while it waits, so nested maps do not deadlock a worker.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe and cheap; get one from {@link Celeriac#futures()}. The streams that {@link #map} and
 * {@link #mapUnordered} return are for one thread each.
 */
public final class Futures {

  private static final Logger log = LoggerFactory.getLogger(Futures.class);

  private final Celeriac app;
  private final TaskOptions sendOptions;

  /** Futures over {@code app}; usually {@link Celeriac#futures()}. */
  public Futures(Celeriac app) {
    this(app, null);
  }

  /** Futures that send tasks naming no queue of their own to {@code queue} (null: the app's). */
  private Futures(Celeriac app, String queue) {
    this.app = Objects.requireNonNull(app, "app");
    this.sendOptions = TaskOptions.builder().queue(queue).build();
  }

  /**
   * The futures of the worker running the current task body, for tasks that submit sub-tasks.
   * Sub-tasks whose {@code @Task} names no queue go to the queue the running task came from.
   *
   * @throws IllegalStateException outside a task body run by a worker
   */
  public static Futures inTask() {
    return ManagedBlocking.app()
        .map(app -> new Futures(app, ManagedBlocking.queue()))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Futures.inTask() is only available while a worker runs a task body;"
                        + " elsewhere use app.futures()"));
  }

  /** The app these futures send with. */
  public Celeriac app() {
    return app;
  }

  /**
   * Sends one task call; returns once the broker confirmed the message.
   *
   * @throws dev.celeriac.broker.PublishException when the broker did not confirm it
   */
  public <R> TaskFuture<R> submit(TaskRef<R> task, Object... args) {
    return TaskFuture.of(app, task.applyAsync(Arrays.asList(args), options(task)));
  }

  /**
   * Sends one call per item (the item is the task's one argument) with pipelined confirms.
   *
   * @return a future per item, in input order
   */
  public <R> List<TaskFuture<R>> submitAll(TaskRef<R> task, Iterable<?> items) {
    List<List<?>> argLists = new ArrayList<>();
    for (Object item : items) {
      argLists.add(java.util.Collections.singletonList(item));
    }
    return task.delayAll(argLists, options(task)).stream().map(r -> TaskFuture.of(app, r)).toList();
  }

  /** Call options: the fallback queue unless the task names its own. */
  private TaskOptions options(TaskRef<?> task) {
    return task.signature(List.of(), java.util.Map.of(), false).queue() != null
        ? TaskOptions.NONE
        : sendOptions;
  }

  /** {@link #map(TaskRef, Iterable, MapOptions)} with {@link MapOptions#DEFAULTS}. */
  public <R> Stream<R> map(TaskRef<R> task, Iterable<?> items) {
    return map(task, items, MapOptions.DEFAULTS);
  }

  /**
   * Runs {@code task} on every item; the stream yields the results in input order, each as soon as
   * it and those before it are in. Everything is sent before this returns.
   *
   * <p>A failed item ends the stream with its exception ({@link
   * dev.celeriac.client.TaskFailedException}) and revokes what has not started.
   *
   * @throws ConfigurationException for a combiner, which only {@code mapReduce} uses
   */
  public <R> Stream<R> map(TaskRef<R> task, Iterable<?> items, MapOptions options) {
    ConfigurationException.require(
        options.combiner() == null, "map returns every value: a combiner is for mapReduce only");
    List<Parts.Part<R>> parts = Parts.send(app, options(task), task, toList(items), options, false);
    long deadline = deadline(options.timeout());
    return parts.stream()
        .flatMap(
            part -> {
              Parts.Part.Outcome<R> outcome = awaitPart(part, parts, deadline, options, task);
              if (!outcome.failures().isEmpty()) {
                revokeUnfinished(parts);
                throw outcome.failures().getFirst().error();
              }
              return outcome.values().stream();
            });
  }

  /** {@link #mapUnordered(TaskRef, Iterable, MapOptions)} with {@link MapOptions#DEFAULTS}. */
  public <R> Stream<R> mapUnordered(TaskRef<R> task, Iterable<?> items) {
    return mapUnordered(task, items, MapOptions.DEFAULTS);
  }

  /**
   * Like {@link #map} but yields results in the order workers finish them (a chunk's values
   * together, in chunk order).
   */
  public <R> Stream<R> mapUnordered(TaskRef<R> task, Iterable<?> items, MapOptions options) {
    ConfigurationException.require(
        options.combiner() == null, "map returns every value: a combiner is for mapReduce only");
    List<Parts.Part<R>> parts = Parts.send(app, options(task), task, toList(items), options, false);
    CompletionQueue<Parts.Part<R>> done =
        new CompletionQueue<>(parts, Parts.Part::outcome, options.timeout(), task.name() + " map");
    Iterator<List<R>> chunks =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return done.hasNext();
          }

          @Override
          public List<R> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Parts.Part.Outcome<R> outcome = take(done, parts);
            if (!outcome.failures().isEmpty()) {
              revokeUnfinished(parts);
              throw outcome.failures().getFirst().error();
            }
            return outcome.values();
          }
        };
    return StreamSupport.stream(
            Spliterators.spliterator(chunks, parts.size(), Spliterator.ORDERED), false)
        .flatMap(List::stream);
  }

  /** {@link #mapReduce(TaskRef, BinaryOperator, Iterable, MapOptions)} with the defaults. */
  public <R> R mapReduce(TaskRef<R> task, BinaryOperator<R> reducer, Iterable<?> items) {
    return mapReduce(task, reducer, items, MapOptions.DEFAULTS);
  }

  /**
   * Runs {@code task} on every item and folds the results with {@code reducer} on this thread as
   * they arrive, in completion order: the reducer must be associative and commutative (like
   * addition). Chunks with a {@link MapOptions#combiner()} are folded by the worker first.
   *
   * @return the reduction of all results
   * @throws dev.celeriac.client.TaskFailedException the first failed item's error, unless {@link
   *     MapOptions#collectErrors()}; what has not started is revoked
   * @throws MapReduceException with {@link MapOptions#collectErrors()}, when any item failed
   * @throws FuturesTimeoutException when the results are not all in within the timeout
   * @throws ConfigurationException when there are no items (a reduction of nothing has no value)
   */
  public <R> R mapReduce(
      TaskRef<R> task, BinaryOperator<R> reducer, Iterable<?> items, MapOptions options) {
    List<?> list = toList(items);
    ConfigurationException.require(
        !list.isEmpty(), "mapReduce needs at least one item: a reduction of nothing has no value");
    List<Parts.Part<R>> parts = Parts.send(app, options(task), task, list, options, true);
    CompletionQueue<Parts.Part<R>> done =
        new CompletionQueue<>(
            parts, Parts.Part::outcome, options.timeout(), task.name() + " mapReduce");
    Fold<R> fold = new Fold<>(reducer);
    List<ItemFailure> failures = new ArrayList<>();
    try {
      while (done.hasNext()) {
        Parts.Part.Outcome<R> outcome = take(done, parts);
        if (!outcome.failures().isEmpty()) {
          if (!options.collectErrors()) {
            revokeUnfinished(parts);
            throw outcome.failures().getFirst().error();
          }
          failures.addAll(outcome.failures());
        }
        if (outcome.values() == null) {
          if (outcome.combinedCount() > 0) {
            fold.add(outcome.combined());
          }
          continue;
        }
        BitSet failed = new BitSet();
        outcome.failures().forEach(f -> failed.set(f.index() - outcome.offset()));
        for (int i = 0; i < outcome.values().size(); i++) {
          if (!failed.get(i)) {
            fold.add(outcome.values().get(i));
          }
        }
      }
    } catch (RuntimeException e) {
      revokeUnfinished(parts);
      throw e;
    }
    if (!failures.isEmpty()) {
      failures.sort(java.util.Comparator.comparingInt(ItemFailure::index));
      throw new MapReduceException(task.name(), list.size(), fold.value(), failures);
    }
    return fold.value();
  }

  /** Folds values one by one, the first value as the start. */
  private static final class Fold<R> {
    private final BinaryOperator<R> reducer;
    private R value;
    private boolean started;

    Fold(BinaryOperator<R> reducer) {
      this.reducer = reducer;
    }

    void add(R next) {
      value = started ? reducer.apply(value, next) : next;
      started = true;
    }

    R value() {
      return value;
    }
  }

  /**
   * The futures in the order they complete (successfully or not); waits as the stream is consumed.
   */
  public static <F extends CompletableFuture<?>> Stream<F> asCompleted(Collection<F> futures) {
    return asCompleted(futures, null);
  }

  /**
   * Like {@link #asCompleted(Collection)}, ending with {@link FuturesTimeoutException} when {@code
   * timeout} (for the whole stream; null for none) passes first.
   */
  public static <F extends CompletableFuture<?>> Stream<F> asCompleted(
      Collection<F> futures, Duration timeout) {
    List<F> list = List.copyOf(futures);
    CompletionQueue<F> done = new CompletionQueue<>(list, f -> f, timeout, "asCompleted");
    Iterator<F> iterator =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return done.hasNext();
          }

          @Override
          public F next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return done.next();
          }
        };
    return StreamSupport.stream(
        Spliterators.spliterator(iterator, list.size(), Spliterator.NONNULL), false);
  }

  /**
   * Waits until every future completed (successfully or not), at most {@code timeout}.
   *
   * @return true when all completed in time
   */
  public static boolean waitAll(
      Collection<? extends CompletableFuture<?>> futures, Duration timeout) {
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    return awaitDone(all, timeout);
  }

  /**
   * Waits until one of the futures completed (successfully or not), at most {@code timeout}.
   *
   * @return the first completed future, or empty when none completed in time
   */
  public static <F extends CompletableFuture<?>> Optional<F> waitAny(
      Collection<F> futures, Duration timeout) {
    for (F future : futures) {
      if (future.isDone()) {
        return Optional.of(future);
      }
    }
    CompletableFuture<F> first = new CompletableFuture<>();
    for (F future : futures) {
      future.whenComplete((v, e) -> first.complete(future));
    }
    return awaitDone(first, timeout) ? Optional.of(first.join()) : Optional.empty();
  }

  private static boolean awaitDone(CompletableFuture<?> future, Duration timeout) {
    if (future.isDone()) {
      return true;
    }
    Objects.requireNonNull(timeout, "timeout");
    try {
      Waits.timed(() -> future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CeleriacException("Interrupted while waiting for futures", e);
    }
  }

  private <R> Parts.Part.Outcome<R> take(
      CompletionQueue<Parts.Part<R>> done, List<Parts.Part<R>> parts) {
    try {
      return done.next().outcome().join();
    } catch (RuntimeException e) {
      revokeUnfinished(parts);
      throw e;
    }
  }

  private <R> Parts.Part.Outcome<R> awaitPart(
      Parts.Part<R> part,
      List<Parts.Part<R>> parts,
      long deadline,
      MapOptions options,
      TaskRef<R> task) {
    CompletableFuture<Parts.Part.Outcome<R>> outcome = part.outcome();
    if (outcome.isDone()) {
      return outcome.join();
    }
    try {
      return Waits.timed(
          () ->
              deadline == Long.MAX_VALUE
                  ? outcome.get()
                  : outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      revokeUnfinished(parts);
      long pending = parts.stream().filter(p -> !p.outcome().isDone()).count();
      throw new FuturesTimeoutException(task.name() + " map", options.timeout(), (int) pending);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a part's outcome never fails", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      revokeUnfinished(parts);
      throw new CeleriacException("Interrupted while waiting for " + task.name() + " map", e);
    }
  }

  /** Revokes, off this thread, the messages whose results are not in. */
  private void revokeUnfinished(List<? extends Parts.Part<?>> parts) {
    List<String> ids =
        parts.stream().filter(p -> !p.outcome().isDone()).map(Parts.Part::id).toList();
    if (ids.isEmpty()) {
      return;
    }
    Thread.ofVirtual()
        .name("celeriac-futures-revoke")
        .start(
            () -> {
              for (String id : ids) {
                try {
                  app.revoke(id);
                } catch (RuntimeException e) {
                  log.debug("Cannot revoke {}: {}", id, e.getMessage());
                }
              }
            });
  }

  private static long deadline(Duration timeout) {
    return timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
  }

  private static List<?> toList(Iterable<?> items) {
    Objects.requireNonNull(items, "items");
    if (items instanceof List<?> list) {
      return list;
    }
    List<Object> list = new ArrayList<>();
    items.forEach(list::add);
    return list;
  }
}
