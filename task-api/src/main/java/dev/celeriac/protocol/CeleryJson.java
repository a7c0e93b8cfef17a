package dev.celeriac.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.celeriac.error.ProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The project's one JSON configuration, and a writer whose output is byte-identical to Python's
 * {@code json.dumps} with default arguments.
 *
 * <pre>{@code
 * byte[] body = CeleryJson.writeBytes(List.of(2, 3));   // [2, 3]
 * JsonNode tree = CeleryJson.mapper().readTree(body);
 * }</pre>
 *
 * <p>The mapper: records and POJOs bind as usual; unknown properties are ignored (newer Celery adds
 * keys); integers that do not fit a {@code long} become {@link java.math.BigInteger} (Jackson's
 * default for trees and {@code Object} targets), so Python ints beyond 2^63 survive; {@code NaN}
 * and {@code Infinity}, which {@code json.dumps} writes, are accepted; trailing data after the
 * value is an error, as in {@code json.loads}; java.time types are supported, and {@link
 * OffsetDateTime}/{@link Instant} are written and read as {@link CeleryTime} does (Python's {@code
 * isoformat()}, naive values read as UTC).
 *
 * <p>Concurrency: the mapper is shared and thread-safe. Do not reconfigure it; use {@code
 * mapper().copy()} for a variant.
 */
public final class CeleryJson {

  private static final ObjectMapper MAPPER = build(false);
  private static final ObjectMapper TYPED = build(true);

  private CeleryJson() {}

  /**
   * The shared, preconfigured mapper. It reads kombu's typed values ({@link KombuTypes}) in both
   * forms and writes them as kombu 5.2 does (plain strings), which every Celery 5 reads.
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Like {@link #mapper()}, but writes datetimes, dates, times, decimals, UUIDs and bytes as kombu
   * 5.3+'s {@code {"__type__", "__value__"}} wrappers, so Python peers on kombu 5.3 or newer get
   * real {@code datetime}, {@code Decimal}, {@code UUID} and {@code bytes} objects. Peers on kombu
   * 5.2 would see dictionaries instead.
   */
  public static ObjectMapper kombuTypedMapper() {
    return TYPED;
  }

  /**
   * {@code json.dumps(value)} as text: the value is first turned into a tree with {@link
   * #mapper()}, then written with Python's separators and escaping. The text is pure ASCII.
   */
  public static String write(Object value) {
    JsonNode tree = value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    return PythonJsonWriter.write(tree);
  }

  /** {@link #write(Object)} as bytes (ASCII, hence also UTF-8), ready for a message body. */
  public static byte[] writeBytes(Object value) {
    return write(value).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses UTF-8 JSON bytes.
   *
   * @throws ProtocolException {@code "not valid JSON: <parser's reason> (line 1, column 3)"} for
   *     bad JSON or bad UTF-8, {@code "empty"} for no content
   */
  public static JsonNode read(byte[] json) {
    try {
      JsonNode tree = MAPPER.readTree(json);
      if (tree == null || tree.isMissingNode()) {
        throw new ProtocolException("empty: expected JSON text");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new ProtocolException("not valid JSON: " + describe(e), e);
    } catch (IOException e) {
      throw new ProtocolException("unreadable: " + e.getMessage(), e);
    }
  }

  /** The parser's reason and position, without Jackson's source excerpt. */
  static String describe(JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      reason +=
          " (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")";
    }
    return reason;
  }

  private static ObjectMapper build(boolean typedWrappers) {
    SimpleModule pythonTime = new SimpleModule("celeriac-python-time");
    pythonTime.addSerializer(OffsetDateTime.class, new OffsetDateTimeSerializer());
    pythonTime.addSerializer(Instant.class, new InstantSerializer());
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        // Registered after JavaTimeModule so these win for the types they cover.
        .addModule(pythonTime)
        .addModule(KombuTypes.readers())
        .addModules(typedWrappers ? java.util.List.of(KombuTypes.writers()) : java.util.List.of())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();
  }

  private static final class OffsetDateTimeSerializer extends StdScalarSerializer<OffsetDateTime> {
    OffsetDateTimeSerializer() {
      super(OffsetDateTime.class);
    }

    @Override
    public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(CeleryTime.format(value));
    }
  }

  private static final class InstantSerializer extends StdScalarSerializer<Instant> {
    InstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(CeleryTime.format(value.atOffset(ZoneOffset.UTC)));
    }
  }
}
