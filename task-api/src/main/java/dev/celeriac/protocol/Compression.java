package dev.celeriac.protocol;

import dev.celeriac.error.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * kombu's body compression ({@code compression=} in {@code apply_async}), read side only.
 *
 * <p>Supported: {@code application/x-gzip}, which kombu registers for its {@code zlib}/{@code gzip}
 * aliases and which is, despite its name, {@code zlib.compress} output (RFC 1950); a real gzip
 * stream (RFC 1952, magic {@code 1f 8b}) under the same name is read too. Other kombu methods
 * ({@code application/x-bz2}, {@code application/x-lzma}, {@code application/x-brotli}, {@code
 * application/zstd}) need libraries task-api does not carry and are rejected with a {@link
 * ProtocolException}.
 */
final class Compression {

  /** Bigger than RabbitMQ's default maximum message size; guards against zip bombs. */
  static final int MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024;

  private static final Set<String> ZLIB =
      Set.of("application/x-gzip", "application/x-zlib", "application/gzip", "gzip", "zlib");

  private Compression() {}

  static byte[] decompress(String type, byte[] body) {
    String normalized = type.trim().toLowerCase(Locale.ROOT);
    if (!ZLIB.contains(normalized)) {
      throw new ProtocolException(
          "compression '"
              + type
              + "' is not supported: Celeriac reads uncompressed bodies and application/x-gzip"
              + " (kombu's compression='zlib' or 'gzip'); publish without another compression");
    }
    boolean gzip = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    try (InputStream in =
        gzip
            ? new GZIPInputStream(new ByteArrayInputStream(body))
            : new InflaterInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length * 4));
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (out.size() + n > MAX_DECOMPRESSED_BYTES) {
          throw new ProtocolException(
              "compressed body expands beyond " + MAX_DECOMPRESSED_BYTES + " bytes; refused");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ProtocolException(
          "body is not valid "
              + (gzip ? "gzip" : "zlib")
              + " data (compression '"
              + type
              + "'): "
              + e.getMessage(),
          e);
    }
  }
}
