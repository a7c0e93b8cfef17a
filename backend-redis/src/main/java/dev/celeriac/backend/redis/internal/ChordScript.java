package dev.celeriac.backend.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One chord header task's return, as Celery 5.2's {@code RedisBackend.on_chord_part_return} does it
 * in one {@code MULTI}: {@code ZADD <group>.j <group_index> <part>}, {@code ZCOUNT .j -inf +inf},
 * {@code GET .t}, {@code GET .s}, and {@code EXPIRE} of the three keys with the result expiry (none
 * when results do not expire). When {@code .s} is set and the count equals {@code .s + .t}, the
 * join is complete and the script also returns {@code ZRANGE .j 0 -1}, the parts in header order,
 * which Celery reads in a second step; one script keeps both in one atomic step.
 *
 * <p>As in Celery, a duplicate return of an already counted part (same bytes) does not add to the
 * count; it completes the join again only while the keys still exist.
 */
public final class ChordScript {

  static final String SOURCE =
      """
      redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
      local count = redis.call('ZCOUNT', KEYS[1], '-inf', '+inf')
      local extra = redis.call('GET', KEYS[2])
      local size = redis.call('GET', KEYS[3])
      if ARGV[3] ~= '0' then
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        redis.call('EXPIRE', KEYS[3], ARGV[3])
      end
      if not size then
        return {}
      end
      if count == tonumber(size) + tonumber(extra or '0') then
        return redis.call('ZRANGE', KEYS[1], 0, -1)
      end
      return {}
      """;

  private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);
  private static final String SHA = sha1(SOURCE_BYTES);

  private ChordScript() {}

  /**
   * Runs the script, loading it first when the server does not know it yet.
   *
   * @param score the part's {@code group_index}, or {@code +inf}
   * @param ttlSeconds the expiry in seconds, 0 for none
   * @return the encoded parts in header order when this return completed the join, else empty
   */
  public static CompletionStage<List<byte[]>> run(
      RedisAsyncCommands<String, byte[]> commands,
      String groupId,
      byte[] part,
      String score,
      long ttlSeconds) {
    String[] keys = {
      RedisKeys.chordJoin(groupId), RedisKeys.chordExtra(groupId), RedisKeys.chordSize(groupId)
    };
    byte[][] args = {
      part,
      score.getBytes(StandardCharsets.US_ASCII),
      Long.toString(ttlSeconds).getBytes(StandardCharsets.US_ASCII)
    };
    CompletionStage<List<byte[]>> sent =
        commands.<List<byte[]>>evalsha(SHA, ScriptOutputType.MULTI, keys, args);
    return sent.exceptionallyCompose(
        e -> {
          if (unwrap(e) instanceof RedisNoScriptException) {
            return commands.<List<byte[]>>eval(SOURCE_BYTES, ScriptOutputType.MULTI, keys, args);
          }
          return CompletableFuture.failedFuture(unwrap(e));
        });
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
