package dev.celeriac.backend.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celeriac.client.results.ChordPart;
import dev.celeriac.error.ProtocolException;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.state.TaskState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The chord join's keys and members, byte for byte as Celery 5.2.6 wrote them (chord-join.json).
 */
class ChordJoinGoldenTest {

  private final JsonNode join = CeleryVectors.read("chord-join");

  @Test
  void keysAreNamedAfterTheGroupAsCeleryNamesThem() {
    String groupId = join.path("group_id").asText();
    JsonNode keys = join.path("keys_while_waiting");
    assertThat(RedisKeys.chordJoin(groupId)).isEqualTo(keys.path(".j").path("key").asText());
    assertThat(RedisKeys.chordSize(groupId)).isEqualTo(keys.path(".s").path("key").asText());
    assertThat(RedisKeys.chordExtra(groupId)).isEqualTo(keys.path(".t").path("key").asText());
  }

  @Test
  void aPartIsEncodedAndReadAsCeleryWritesItsJoinMember() {
    String groupId = join.path("group_id").asText();
    String member =
        join.path("keys_while_waiting").path(".j").path("members").get(0).get(0).asText();
    String first = join.path("header_ids").get(0).asText();
    JsonNode two = CeleryJson.read("2".getBytes(StandardCharsets.UTF_8));

    byte[] encoded =
        MetaCodec.encodeChordPart(new ChordPart(groupId, first, 0, TaskState.SUCCESS, two));

    assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(member);
    ChordPart read =
        MetaCodec.decodeChordPart("k", groupId, member.getBytes(StandardCharsets.UTF_8));
    assertThat(read.taskId()).isEqualTo(first);
    assertThat(read.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(read.result()).isEqualTo(two);
  }

  @Test
  void aForeignMemberIsAProtocolErrorNamingTheKey() {
    assertThatThrownBy(
            () ->
                MetaCodec.decodeChordPart(
                    "celery-taskset-meta-g.j", "g", "[1, 2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("celery-taskset-meta-g.j");
  }
}
