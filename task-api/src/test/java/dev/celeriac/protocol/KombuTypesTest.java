package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KombuTypesTest {

  private final ObjectMapper plain = CeleryJson.mapper();
  private final ObjectMapper typed = CeleryJson.kombuTypedMapper();

  private <T> T read(String json, Class<T> type) throws Exception {
    return plain.readValue(json, type);
  }

  @Test
  void readsKombu53DatetimeWrappers() throws Exception {
    String aware =
        "{\"__type__\": \"datetime\", \"__value__\": \"2030-01-02T03:04:05.678901+01:00\"}";
    assertThat(read(aware, Instant.class)).isEqualTo(Instant.parse("2030-01-02T02:04:05.678901Z"));
    assertThat(read(aware, OffsetDateTime.class))
        .isEqualTo(OffsetDateTime.parse("2030-01-02T03:04:05.678901+01:00"));
    String naive = "{\"__type__\": \"datetime\", \"__value__\": \"2030-01-02T03:04:05\"}";
    assertThat(read(naive, Instant.class)).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
    assertThat(read(naive, LocalDateTime.class))
        .isEqualTo(LocalDateTime.parse("2030-01-02T03:04:05"));
  }

  @Test
  void readsTheOtherKombuMarkers() throws Exception {
    assertThat(read("{\"__type__\": \"date\", \"__value__\": \"2030-01-02\"}", LocalDate.class))
        .isEqualTo(LocalDate.of(2030, 1, 2));
    assertThat(
            read("{\"__type__\": \"time\", \"__value__\": \"03:04:05.000006\"}", LocalTime.class))
        .isEqualTo(LocalTime.of(3, 4, 5, 6000));
    assertThat(
            read(
                "{\"__type__\": \"decimal\", \"__value__\": \"3.14159265358979323846\"}",
                BigDecimal.class))
        .isEqualTo(new BigDecimal("3.14159265358979323846"));
    assertThat(
            read(
                "{\"__type__\": \"uuid\", \"__value__\": {\"hex\": \"9ab0877566f84a1c8e2d3b7a0e2f4c11\", \"version\": 4}}",
                UUID.class))
        .isEqualTo(UUID.fromString("9ab08775-66f8-4a1c-8e2d-3b7a0e2f4c11"));
    assertThat(read("{\"__type__\": \"bytes\", \"__value__\": \"h\u00e9\"}", byte[].class))
        .isEqualTo("h\u00e9".getBytes(StandardCharsets.UTF_8));
    assertThat(read("{\"__type__\": \"base64\", \"__value__\": \"/wA=\"}", byte[].class))
        .containsExactly(0xff, 0x00);
  }

  @Test
  void readsThePlainFormsKombu52Writes() throws Exception {
    assertThat(read("\"2030-01-02T03:04:05+00:00\"", Instant.class))
        .isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
    assertThat(read("\"2030-01-02\"", LocalDate.class)).isEqualTo(LocalDate.of(2030, 1, 2));
    assertThat(read("\"1.50\"", BigDecimal.class)).isEqualTo(new BigDecimal("1.50"));
    assertThat(read("1.5", BigDecimal.class)).isEqualTo(new BigDecimal("1.5"));
    assertThat(read("\"9ab08775-66f8-4a1c-8e2d-3b7a0e2f4c11\"", UUID.class))
        .isEqualTo(UUID.fromString("9ab08775-66f8-4a1c-8e2d-3b7a0e2f4c11"));
    assertThat(read("\"/wA=\"", byte[].class)).containsExactly(0xff, 0x00);
  }

  @Test
  void rejectsAWrapperOfTheWrongKind() {
    assertThatThrownBy(
            () -> read("{\"__type__\": \"decimal\", \"__value__\": \"1\"}", LocalDate.class))
        .hasMessageContaining("'date'")
        .hasMessageContaining("'decimal'");
  }

  @Test
  void writesKombu53WrappersWhenAsked() throws Exception {
    assertThat(typed.writeValueAsString(Instant.parse("2030-01-02T03:04:05.678901Z")))
        .isEqualTo(
            "{\"__type__\":\"datetime\",\"__value__\":\"2030-01-02T03:04:05.678901+00:00\"}");
    assertThat(typed.writeValueAsString(LocalDate.of(2030, 1, 2)))
        .isEqualTo("{\"__type__\":\"date\",\"__value__\":\"2030-01-02\"}");
    assertThat(typed.writeValueAsString(LocalTime.of(3, 4)))
        .isEqualTo("{\"__type__\":\"time\",\"__value__\":\"03:04:00\"}");
    assertThat(typed.writeValueAsString(new BigDecimal("1.50")))
        .isEqualTo("{\"__type__\":\"decimal\",\"__value__\":\"1.50\"}");
    assertThat(typed.writeValueAsString(UUID.fromString("9ab08775-66f8-4a1c-8e2d-3b7a0e2f4c11")))
        .isEqualTo(
            "{\"__type__\":\"uuid\",\"__value__\":{\"hex\":\"9ab0877566f84a1c8e2d3b7a0e2f4c11\",\"version\":4}}");
    assertThat(typed.writeValueAsString("hi".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("{\"__type__\":\"bytes\",\"__value__\":\"hi\"}");
    assertThat(typed.writeValueAsString(new byte[] {(byte) 0xff}))
        .isEqualTo("{\"__type__\":\"base64\",\"__value__\":\"/w==\"}");
  }

  @Test
  void typedValuesRoundTrip() throws Exception {
    record Payload(Instant at, LocalDate day, BigDecimal amount, UUID id, byte[] data) {}
    Payload payload =
        new Payload(
            Instant.parse("2030-01-02T03:04:05Z"),
            LocalDate.of(2030, 1, 2),
            new BigDecimal("9.99"),
            UUID.randomUUID(),
            new byte[] {1, 2});
    Payload back = plain.readValue(typed.writeValueAsString(payload), Payload.class);
    assertThat(back.at()).isEqualTo(payload.at());
    assertThat(back.day()).isEqualTo(payload.day());
    assertThat(back.amount()).isEqualTo(payload.amount());
    assertThat(back.id()).isEqualTo(payload.id());
    assertThat(back.data()).isEqualTo(payload.data());
  }

  @Test
  void plainMapperWritesWhatKombu52Reads() throws Exception {
    assertThat(plain.writeValueAsString(Instant.parse("2030-01-02T03:04:05Z")))
        .isEqualTo("\"2030-01-02T03:04:05+00:00\"");
    assertThat(plain.writeValueAsString(UUID.fromString("9ab08775-66f8-4a1c-8e2d-3b7a0e2f4c11")))
        .isEqualTo("\"9ab08775-66f8-4a1c-8e2d-3b7a0e2f4c11\"");
  }
}
