package dev.celeriac.backend.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Stores one task meta as Celery 5.2 does, in one atomic step: keep a stored SUCCESS ({@code
 * _store_result} reads the key first and returns when its status is SUCCESS, so a redelivered
 * task's STARTED cannot hide its result), otherwise {@code SET key value EX ttl} (plain {@code SET}
 * when results do not expire) and {@code PUBLISH key value} on the channel named like the key.
 * Celery does the same with a GET and a MULTI; a script makes the check and the write one step.
 *
 * <p>Celery and Celeriac both write the meta with {@code status} first, so a stored SUCCESS is
 * recognised by its first bytes without parsing a possibly large value inside Redis.
 */
public final class StoreScript {

  static final String SOURCE =
      """
      local current = redis.call('GET', KEYS[1])
      if current and string.sub(current, 1, 21) == '{"status": "SUCCESS",' then
        return 0
      end
      if ARGV[2] == '0' then
        redis.call('SET', KEYS[1], ARGV[1])
      else
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
      end
      redis.call('PUBLISH', KEYS[1], ARGV[1])
      return 1
      """;

  private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);
  private static final String SHA = sha1(SOURCE_BYTES);

  private StoreScript() {}

  /**
   * Runs the script, loading it first when the server does not know it yet.
   *
   * @param ttlSeconds the expiry in seconds, 0 for none
   * @return true when stored and published, false when a stored SUCCESS was kept
   */
  public static CompletionStage<Boolean> run(
      RedisAsyncCommands<String, byte[]> commands, String key, byte[] value, long ttlSeconds) {
    String[] keys = {key};
    byte[] ttl = Long.toString(ttlSeconds).getBytes(StandardCharsets.US_ASCII);
    CompletionStage<Long> sent =
        commands.<Long>evalsha(SHA, ScriptOutputType.INTEGER, keys, value, ttl);
    return sent.exceptionallyCompose(
            e -> {
              if (unwrap(e) instanceof RedisNoScriptException) {
                return commands.<Long>eval(
                    SOURCE_BYTES, ScriptOutputType.INTEGER, keys, value, ttl);
              }
              return CompletableFuture.failedFuture(unwrap(e));
            })
        .thenApply(stored -> stored == 1L);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
