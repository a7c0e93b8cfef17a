package dev.celeriac.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.broker.topology.Revocations;
import dev.celeriac.error.ConfigurationException;
import dev.celeriac.protocol.CeleryJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevokeStoreTest {

  private final List<String> broadcasts = new ArrayList<>();

  private RevokeStore store(FakeBrokerPort port) {
    return new RevokeStore(port, (id, terminate) -> broadcasts.add(id + " " + terminate));
  }

  @Test
  void revokeIsKeptInTheStreamWhenTheBrokerHasStreamsAndNotBroadcast() {
    FakeBrokerPort port = new FakeBrokerPort(false, true);
    store(port).revoke("task-1", true);
    assertThat(port.routingKeys()).containsExactly(Revocations.STREAM);
    var body = CeleryJson.read(port.published().getFirst().body());
    assertThat(body.get("task_id").asText()).isEqualTo("task-1");
    assertThat(body.get("terminate").asBoolean()).isTrue();
    assertThat(port.published().getFirst().properties().getDeliveryMode()).isEqualTo(2);
    assertThat(broadcasts).isEmpty();
  }

  @Test
  void revokeFallsBackToTheBroadcastWithoutStreams() {
    FakeBrokerPort port = new FakeBrokerPort(false, false);
    store(port).revoke("task-1", false);
    assertThat(broadcasts).containsExactly("task-1 false");
    assertThat(port.published()).isEmpty();
    assertThat(port.declarations()).isEmpty();
  }

  @Test
  void recordDoesNothingAndSaysSoWithoutStreams() {
    FakeBrokerPort port = new FakeBrokerPort(false, false);
    assertThat(store(port).record("task-1", false)).isFalse();
    assertThat(port.published()).isEmpty();
    assertThat(broadcasts).isEmpty();
  }

  @Test
  void declaresTheStreamOnceForManyRevokes() {
    FakeBrokerPort port = new FakeBrokerPort(false, true);
    RevokeStore store = store(port);
    assertThat(store.record("a", false)).isTrue();
    assertThat(store.record("b", false)).isTrue();
    assertThat(port.declarations()).containsExactly("revocations");
    assertThat(port.published()).hasSize(2);
  }

  @Test
  void refusesABlankTaskId() {
    assertThatThrownBy(() -> store(new FakeBrokerPort(false, true)).revoke(" ", false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("task id must not be blank");
  }
}
