package dev.celeriac.backend.redis.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain Lettuce client on the test database, for looking at what a backend wrote: values, TTLs,
 * pub/sub messages.
 *
 * <p>Concurrency: messages are collected on Lettuce's thread into a thread-safe list.
 */
public final class RedisProbe implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private StatefulRedisPubSubConnection<String, byte[]> pubsub;

  /** Messages received on subscribed channels, as "channel|payload". */
  public final List<String> messages = new CopyOnWriteArrayList<>();

  public RedisProbe(String url) {
    // Lettuce reads the same URL form; the database is the path.
    client = RedisClient.create(RedisURI.create(url));
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  public RedisCommands<String, byte[]> redis() {
    return connection.sync();
  }

  public String get(String key) {
    byte[] value = redis().get(key);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  public void set(String key, String value) {
    redis().set(key, value.getBytes(StandardCharsets.UTF_8));
  }

  public long ttl(String key) {
    return redis().ttl(key);
  }

  /** Subscribers of a channel on the whole server (channels are not per database). */
  public long subscribers(String channel) {
    return redis().pubsubNumsub(channel).getOrDefault(channel, 0L);
  }

  public void subscribe(String channel) {
    if (pubsub == null) {
      pubsub = client.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      pubsub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
              messages.add(channel + "|" + new String(message, StandardCharsets.UTF_8));
            }
          });
    }
    pubsub.sync().subscribe(channel);
  }

  public void delete(String... keys) {
    if (keys.length > 0) {
      redis().del(keys);
    }
  }

  @Override
  public void close() {
    if (pubsub != null) {
      pubsub.close();
    }
    connection.close();
    client.shutdown();
  }
}
