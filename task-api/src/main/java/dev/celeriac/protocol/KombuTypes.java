package dev.celeriac.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Function;

/**
 * kombu's typed JSON values. kombu 5.3 and newer write {@code datetime}, {@code date}, {@code
 * time}, {@code Decimal}, {@code UUID} and {@code bytes} as {@code {"__type__": marker,
 * "__value__": value}} ({@code kombu/utils/json.py}); kombu 5.2 writes them as plain strings.
 *
 * <p>{@link #readers()} reads both forms into {@link Instant}, {@link OffsetDateTime}, {@link
 * LocalDateTime}, {@link LocalDate}, {@link LocalTime}, {@link BigDecimal}, {@link UUID} and {@code
 * byte[]} parameters and results. {@link #writers()} writes those types as wrappers, for peers on
 * kombu 5.3 or newer; without it they are written as kombu 5.2 writes them, which both versions
 * read as plain strings. A naive datetime is read as UTC.
 */
public final class KombuTypes {

  static final String TYPE = "__type__";
  static final String VALUE = "__value__";

  private KombuTypes() {}

  /** Lenient readers for the plain and the wrapped form. */
  public static SimpleModule readers() {
    SimpleModule module = new SimpleModule("celeriac-kombu-readers");
    module.addDeserializer(
        OffsetDateTime.class, reader(OffsetDateTime.class, "datetime", CeleryTime::parse));
    module.addDeserializer(
        Instant.class, reader(Instant.class, "datetime", s -> CeleryTime.parse(s).toInstant()));
    module.addDeserializer(
        LocalDateTime.class, reader(LocalDateTime.class, "datetime", KombuTypes::localDateTime));
    module.addDeserializer(
        LocalDate.class,
        reader(
            LocalDate.class,
            "date",
            s -> LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s)));
    module.addDeserializer(LocalTime.class, reader(LocalTime.class, "time", KombuTypes::localTime));
    module.addDeserializer(
        BigDecimal.class, new Reader<>(BigDecimal.class, "decimal", BigDecimal::new, true));
    module.addDeserializer(UUID.class, new UuidReader());
    module.addDeserializer(byte[].class, new BytesReader());
    return module;
  }

  /** Writers of the wrapped form, for peers on kombu 5.3 or newer. */
  public static SimpleModule writers() {
    SimpleModule module = new SimpleModule("celeriac-kombu-writers");
    module.addSerializer(
        OffsetDateTime.class, writer(OffsetDateTime.class, "datetime", CeleryTime::format));
    module.addSerializer(
        Instant.class,
        writer(Instant.class, "datetime", i -> CeleryTime.format(i.atOffset(ZoneOffset.UTC))));
    module.addSerializer(
        LocalDateTime.class, writer(LocalDateTime.class, "datetime", d -> pythonIso(d.toString())));
    module.addSerializer(LocalDate.class, writer(LocalDate.class, "date", LocalDate::toString));
    module.addSerializer(
        LocalTime.class, writer(LocalTime.class, "time", t -> pythonIso(t.toString())));
    module.addSerializer(
        BigDecimal.class, writer(BigDecimal.class, "decimal", BigDecimal::toString));
    module.addSerializer(UUID.class, new UuidWriter());
    module.addSerializer(byte[].class, new BytesWriter());
    return module;
  }

  /** Python's isoformat: seconds always shown, fractions as 6 digits when present. */
  private static String pythonIso(String javaIso) {
    String s = javaIso;
    int t = s.indexOf('T');
    String time = t >= 0 ? s.substring(t + 1) : s;
    if (time.length() == 5) { // HH:mm
      s += ":00";
    }
    int dot = s.lastIndexOf('.');
    if (dot > 0 && dot > s.lastIndexOf(':')) {
      String fraction = s.substring(dot + 1);
      s = s.substring(0, dot + 1) + (fraction + "000000").substring(0, 6);
    }
    return s;
  }

  private static LocalDateTime localDateTime(String s) {
    try {
      return LocalDateTime.parse(s);
    } catch (DateTimeParseException e) {
      return CeleryTime.parse(s).toLocalDateTime();
    }
  }

  private static LocalTime localTime(String s) {
    try {
      return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      return OffsetTime.parse(s).toLocalTime();
    }
  }

  private static <T> Reader<T> reader(Class<T> type, String marker, Function<String, T> parse) {
    return new Reader<>(type, marker, parse, false);
  }

  private static <T> JsonSerializer<T> writer(
      Class<T> type, String marker, Function<T, String> format) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeStartObject();
        gen.writeStringField(TYPE, marker);
        gen.writeStringField(VALUE, format.apply(value));
        gen.writeEndObject();
      }

      @Override
      public Class<T> handledType() {
        return type;
      }
    };
  }

  /** The wrapped value when {@code node} is a wrapper with one of {@code markers}, else null. */
  static JsonNode unwrap(JsonNode node, String... markers) throws WrongMarker {
    if (!node.isObject() || node.size() != 2 || !node.has(TYPE) || !node.has(VALUE)) {
      return null;
    }
    String marker = node.get(TYPE).asText();
    for (String m : markers) {
      if (m.equals(marker)) {
        return node.get(VALUE);
      }
    }
    throw new WrongMarker(marker);
  }

  static final class WrongMarker extends Exception {
    final String marker;

    WrongMarker(String marker) {
      super(marker, null, false, false);
      this.marker = marker;
    }
  }

  /** Reads a scalar from its plain text, or from a wrapper with the expected marker. */
  private static final class Reader<T> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final String marker;
    private final Function<String, T> parse;
    private final boolean numbersToo;

    Reader(Class<T> type, String marker, Function<String, T> parse, boolean numbersToo) {
      this.type = type;
      this.marker = marker;
      this.parse = parse;
      this.numbersToo = numbersToo;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text;
      if (p.currentToken() == JsonToken.START_OBJECT) {
        JsonNode node = ctxt.readTree(p);
        try {
          JsonNode value = unwrap(node, marker);
          if (value == null) {
            return type.cast(
                ctxt.handleUnexpectedToken(
                    type,
                    JsonToken.START_OBJECT,
                    p,
                    "expected a string or a kombu '%s' value",
                    marker));
          }
          text = value.asText();
        } catch (WrongMarker e) {
          return type.cast(
              ctxt.handleWeirdStringValue(
                  type, node.toString(), "a kombu '%s' value, not '%s'", marker, e.marker));
        }
      } else if (p.currentToken() == JsonToken.VALUE_STRING
          || (numbersToo && p.currentToken().isNumeric())) {
        text = p.getText();
      } else {
        return type.cast(ctxt.handleUnexpectedToken(type, p));
      }
      try {
        return parse.apply(text.strip());
      } catch (RuntimeException e) {
        return type.cast(ctxt.handleWeirdStringValue(type, text, e.getMessage()));
      }
    }

    @Override
    public Class<?> handledType() {
      return type;
    }
  }

  /** UUIDs: a plain string (with or without dashes) or kombu's {@code {"hex", "version"}}. */
  private static final class UuidReader extends JsonDeserializer<UUID> {
    @Override
    public UUID deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text;
      if (p.currentToken() == JsonToken.START_OBJECT) {
        JsonNode node = ctxt.readTree(p);
        try {
          JsonNode value = unwrap(node, "uuid");
          text =
              value == null
                  ? null
                  : value.isObject() ? value.path("hex").asText(null) : value.asText();
        } catch (WrongMarker e) {
          text = null;
        }
        if (text == null) {
          return (UUID)
              ctxt.handleWeirdStringValue(
                  UUID.class, node.toString(), "not a UUID or a kombu 'uuid' value");
        }
      } else if (p.currentToken() == JsonToken.VALUE_STRING) {
        text = p.getText();
      } else {
        return (UUID) ctxt.handleUnexpectedToken(UUID.class, p);
      }
      String hex = text.strip().replace("-", "");
      if (hex.length() != 32) {
        return (UUID) ctxt.handleWeirdStringValue(UUID.class, text, "a UUID has 32 hex digits");
      }
      try {
        return new UUID(
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16));
      } catch (NumberFormatException e) {
        return (UUID) ctxt.handleWeirdStringValue(UUID.class, text, "not hex digits");
      }
    }

    @Override
    public Class<?> handledType() {
      return UUID.class;
    }
  }

  private static final class UuidWriter extends JsonSerializer<UUID> {
    @Override
    public void serialize(UUID value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      gen.writeStringField(TYPE, "uuid");
      gen.writeObjectFieldStart(VALUE);
      gen.writeStringField("hex", value.toString().replace("-", ""));
      gen.writeNumberField("version", value.version());
      gen.writeEndObject();
      gen.writeEndObject();
    }

    @Override
    public Class<UUID> handledType() {
      return UUID.class;
    }
  }

  /**
   * Bytes: base64 text (Jackson's plain form), or kombu's {@code bytes} (UTF-8) / {@code base64}.
   */
  private static final class BytesReader extends JsonDeserializer<byte[]> {
    @Override
    public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        return p.getBinaryValue();
      }
      JsonNode node = ctxt.readTree(p);
      try {
        JsonNode value = unwrap(node, "bytes", "base64");
        if (value != null) {
          return "bytes".equals(node.get(TYPE).asText())
              ? value.asText().getBytes(StandardCharsets.UTF_8)
              : Base64.getDecoder().decode(value.asText());
        }
      } catch (WrongMarker | IllegalArgumentException e) {
        // fall through to the error below
      }
      return (byte[])
          ctxt.handleWeirdStringValue(
              byte[].class, node.toString(), "not base64 text or a kombu 'bytes'/'base64' value");
    }

    @Override
    public Class<?> handledType() {
      return byte[].class;
    }
  }

  /** kombu's rule: {@code bytes} when the bytes are UTF-8 text, else {@code base64}. */
  private static final class BytesWriter extends JsonSerializer<byte[]> {
    @Override
    public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      try {
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(value))
                .toString();
        gen.writeStringField(TYPE, "bytes");
        gen.writeStringField(VALUE, text);
      } catch (CharacterCodingException e) {
        gen.writeStringField(TYPE, "base64");
        gen.writeStringField(VALUE, Base64.getEncoder().encodeToString(value));
      }
      gen.writeEndObject();
    }

    @Override
    public Class<byte[]> handledType() {
      return byte[].class;
    }
  }
}
