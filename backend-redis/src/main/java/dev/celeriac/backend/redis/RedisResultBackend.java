package dev.celeriac.backend.redis;

import dev.celeriac.backend.redis.internal.ChordScript;
import dev.celeriac.backend.redis.internal.LettuceSetup;
import dev.celeriac.backend.redis.internal.MetaCodec;
import dev.celeriac.backend.redis.internal.RedisKeys;
import dev.celeriac.backend.redis.internal.StoreScript;
import dev.celeriac.backend.redis.internal.Watches;
import dev.celeriac.client.results.ChordPart;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.error.CeleriacException;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.ResultMessage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Celery's {@code redis://} result backend: each state change of a task is stored under {@code
 * celery-task-meta-<id>} as Celery's JSON meta, with the result expiry as TTL, and published on the
 * channel of the same name. Python Celery clients and workers configured with the same Redis
 * database read what this backend stores, and the other way round.
 *
 * <pre>{@code
 * try (RedisResultBackend results = RedisResultBackend.create("redis://localhost:6379/0")) {
 *   Optional<ResultMessage> result = results.fetch(taskId);
 * }
 * }</pre>
 *
 * <p>Connections open on first use (a command connection, and a pub/sub connection once something
 * is watched) and reconnect by themselves. A store while Redis is unreachable fails after the
 * timeout with an exception naming the backend; the caller decides whether to retry.
 *
 * <h2>Concurrency</h2>
 *
 * Thread-safe. The backend owns its Lettuce client and I/O threads ({@code celeriac-redis-*}) and
 * one thread that delivers watched results ({@code celeriac-redis-results}); {@link #close} stops
 * them all. {@link #store} does not wait for Redis, except to open the connection on first use;
 * {@link #fetch} and {@link #forget} wait up to the timeout.
 */
public final class RedisResultBackend implements ResultBackend {

  private static final Logger log = LoggerFactory.getLogger(RedisResultBackend.class);
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisBackendSettings settings;
  private final Clock clock;
  private final ClientResources resources;
  private final RedisClient client;
  private final Watches watches;
  private StatefulRedisConnection<String, byte[]> commands; // guarded by this
  private StatefulRedisPubSubConnection<String, byte[]> pubsub; // guarded by this
  private boolean closed; // guarded by this

  private RedisResultBackend(RedisBackendSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.resources = LettuceSetup.resources();
    this.client = RedisClient.create(resources, LettuceSetup.uri(settings));
    client.setOptions(LettuceSetup.options(settings));
    this.watches = new Watches(new LettuceChannels(), settings.maskedUrl());
  }

  /** A backend with these settings; nothing connects until the first call. */
  public static RedisResultBackend create(RedisBackendSettings settings) {
    return new RedisResultBackend(settings, Clock.systemUTC());
  }

  /** A backend for a Celery Redis URL with Celery's defaults (results kept one day). */
  public static RedisResultBackend create(String url) {
    return create(RedisBackendSettings.fromUrl(url));
  }

  /** The settings this backend runs with. */
  public RedisBackendSettings settings() {
    return settings;
  }

  @Override
  public String url() {
    return settings.maskedUrl();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  /**
   * Stores and publishes the task's meta. Completes once Redis has executed the write; a stored
   * SUCCESS is kept and the new state dropped, as Celery does.
   */
  @Override
  public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
    String key = RedisKeys.task(target.taskId());
    try {
      byte[] value = MetaCodec.encode(target, result, clock.instant(), settings.extended());
      if (value.length > MetaCodec.MAX_VALUE_BYTES) {
        throw new CeleriacException(
            "The result of task "
                + target.taskId()
                + " is "
                + value.length
                + " bytes of JSON, more than Redis stores in one value (512 MiB)");
      }
      return StoreScript.run(commands().async(), key, value, settings.expires().toSeconds())
          .thenAccept(
              stored -> {
                if (!stored) {
                  log.debug(
                      "Task {} already has a stored SUCCESS; its {} was not stored",
                      target.taskId(),
                      result.status());
                }
              })
          .exceptionally(
              e -> {
                throw new CompletionException(failure("store " + result.status() + " in", key, e));
              })
          .toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          e instanceof CeleriacException ? e : failure("store in", key, e));
    }
  }

  /** Subscribes to the task's channel and reads its key once subscribed. */
  @Override
  public ResultWatch watch(String taskId) {
    return watches.watch(taskId);
  }

  /**
   * @throws ProtocolException when the value under the key is not Celery's meta, or holds a custom
   *     state (from Celery's {@code update_state}), naming the key
   */
  @Override
  public Optional<ResultMessage> fetch(String taskId) {
    String key = RedisKeys.task(taskId);
    byte[] value = await(commands().async().get(key), "read", key);
    if (value == null) {
      return Optional.empty();
    }
    MetaCodec.Stored stored = MetaCodec.decode(key, taskId, value);
    if (stored.message() == null) {
      throw new ProtocolException(
          "Task "
              + taskId
              + " is in state '"
              + stored.status()
              + "' (Redis key '"
              + key
              + "'), a custom state set by update_state(); Celeriac reads only Celery's built-in"
              + " states. Wait for the task to finish.");
    }
    return Optional.of(stored.message());
  }

  /** Deletes the task's key, as Celery's {@code forget()} does, and stops watching it here. */
  @Override
  public void forget(String taskId) {
    String key = RedisKeys.task(taskId);
    watches.cancelAll(taskId);
    await(commands().async().del(key), "delete", key);
  }

  /** Saves a group of plain tasks as {@code GroupResult.save()} does, with the result expiry. */
  @Override
  public CompletableFuture<Void> saveGroup(String groupId, List<String> taskIds) {
    String key = RedisKeys.group(groupId);
    try {
      return StoreScript.run(
              commands().async(),
              key,
              MetaCodec.encodeGroup(groupId, taskIds),
              settings.expires().toSeconds())
          .<Void>thenApply(stored -> null)
          .exceptionally(
              e -> {
                throw new CompletionException(failure("save group in", key, e));
              })
          .toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          e instanceof CeleriacException ? e : failure("save group in", key, e));
    }
  }

  /** The member task ids of a saved group, as {@code GroupResult.restore(id)} reads them. */
  @Override
  public Optional<List<String>> restoreGroup(String groupId) {
    String key = RedisKeys.group(groupId);
    byte[] value = await(commands().async().get(key), "read", key);
    return value == null ? Optional.empty() : Optional.of(MetaCodec.decodeGroup(key, value));
  }

  /** Deletes {@code celery-taskset-meta-<id>}, as Celery's {@code GroupResult.delete()} does. */
  @Override
  public void deleteGroup(String groupId) {
    String key = RedisKeys.group(groupId);
    await(commands().async().del(key), "delete", key);
  }

  /** Redis joins chords itself, as Celery's Redis backend does. */
  @Override
  public boolean joinsChords() {
    return true;
  }

  /**
   * Stores {@code celery-taskset-meta-<id>.s} as Celery's {@code set_chord_size} does: the size as
   * a decimal string, with the result expiry, published on the key's channel.
   */
  @Override
  public void setChordSize(String groupId, int size) {
    String key = RedisKeys.chordSize(groupId);
    await(
        StoreScript.run(
            commands().async(),
            key,
            Integer.toString(size).getBytes(StandardCharsets.US_ASCII),
            settings.expires().toSeconds()),
        "store chord size in",
        key);
  }

  /** Celery's Redis join ({@link ChordScript}); the parts in header order when complete. */
  @Override
  public Optional<List<ChordPart>> chordPartReturned(ChordPart part) {
    String key = RedisKeys.chordJoin(part.groupId());
    String score = part.groupIndex() == null ? "+inf" : part.groupIndex().toString();
    List<byte[]> members =
        await(
            ChordScript.run(
                commands().async(),
                part.groupId(),
                MetaCodec.encodeChordPart(part),
                score,
                settings.expires().toSeconds()),
            "join chord in",
            key);
    if (members == null || members.isEmpty()) {
      return Optional.empty();
    }
    List<ChordPart> parts = new ArrayList<>(members.size());
    for (byte[] member : members) {
      parts.add(MetaCodec.decodeChordPart(key, part.groupId(), member));
    }
    return Optional.of(parts);
  }

  /** Deletes the join's {@code .j}, {@code .t} and {@code .s} keys, as Celery does after it. */
  @Override
  public void clearChord(String groupId) {
    String key = RedisKeys.chordJoin(groupId);
    await(
        commands().async().del(key, RedisKeys.chordExtra(groupId), RedisKeys.chordSize(groupId)),
        "delete chord keys",
        key);
  }

  /** None: Celery sets {@code reply_to} whatever the backend, and a Redis backend never uses it. */
  @Override
  public String replyTo() {
    return null;
  }

  /** Fails waiting watches, closes the connections and stops the backend's threads. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    watches.close();
    Duration timeout = settings.timeout();
    client.shutdown(Duration.ZERO, timeout);
    try {
      resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.debug("Redis client resources did not shut down cleanly: {}", e.getMessage());
    }
  }

  private synchronized StatefulRedisConnection<String, byte[]> commands() {
    ensureOpen();
    if (commands == null) {
      commands = connect(() -> client.connect(CODEC));
    }
    return commands;
  }

  private synchronized StatefulRedisPubSubConnection<String, byte[]> pubsub() {
    ensureOpen();
    if (pubsub == null) {
      pubsub = connect(() -> client.connectPubSub(CODEC));
      pubsub.addListener(watches);
    }
    return pubsub;
  }

  private void ensureOpen() {
    if (closed) {
      throw new CeleriacException("The Redis result backend " + url() + " is closed");
    }
  }

  private <C> C connect(java.util.function.Supplier<C> opener) {
    try {
      return opener.get();
    } catch (RuntimeException e) {
      throw new CeleriacException(
          "Cannot connect to the Redis result backend "
              + url()
              + ": "
              + e.getMessage()
              + ". Check that Redis runs there and that the URL's host, port, password and TLS"
              + " settings are right.",
          e);
    }
  }

  private <T> T await(CompletionStage<T> call, String what, String key) {
    try {
      return call.toCompletableFuture()
          .get(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(what, key, e);
    } catch (ExecutionException | TimeoutException e) {
      throw failure(what, key, e);
    }
  }

  private CeleriacException failure(String what, String key, Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CeleriacException celeriac) {
      return celeriac;
    }
    return new CeleriacException(
        "Redis result backend " + url() + ": cannot " + what + " '" + key + "': " + cause, cause);
  }

  /** Watches talk to Redis through the backend's lazily opened connections. */
  private final class LettuceChannels implements Watches.Channels {
    @Override
    public CompletionStage<?> subscribe(List<String> channels) {
      try {
        return pubsub().async().subscribe(channels.toArray(String[]::new));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public CompletionStage<?> unsubscribe(List<String> channels) {
      try {
        return pubsub().async().unsubscribe(channels.toArray(String[]::new));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public CompletionStage<List<byte[]>> get(List<String> keys) {
      try {
        return commands()
            .async()
            .mget(keys.toArray(String[]::new))
            .thenApply(values -> values.stream().map(v -> v.getValueOrElse(null)).toList());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }
}
