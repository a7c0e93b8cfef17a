package dev.celeriac.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeriac.broker.BrokerConnection;
import dev.celeriac.client.results.FakeResultBackend;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultBackendOptions;
import dev.celeriac.client.results.ResultBackendProvider;
import dev.celeriac.client.results.RpcResultBackend;
import dev.celeriac.error.ConfigurationException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResultBackendsTest {

  private static final class DurableProvider implements ResultBackendProvider {
    String openedWith;

    @Override
    public Set<String> schemes() {
      return Set.of("durable");
    }

    @Override
    public ResultBackend open(String url, ResultBackendOptions options, BrokerConnection broker) {
      openedWith = url;
      return new FakeResultBackend(true);
    }
  }

  @Test
  void rpcIsBuiltIn() {
    // The rpc:// backend touches the broker only when it watches or stores.
    assertThat(ResultBackends.open("rpc://", ResultBackendOptions.defaults(), null, List.of()))
        .isInstanceOf(RpcResultBackend.class);
  }

  @Test
  void otherSchemesComeFromTheirProvider() {
    DurableProvider provider = new DurableProvider();
    ResultBackend backend =
        ResultBackends.open(
            "DURABLE://host/0", ResultBackendOptions.defaults(), null, List.of(provider));
    assertThat(backend.persistent()).isTrue();
    assertThat(provider.openedWith).isEqualTo("DURABLE://host/0");
  }

  @Test
  void unknownSchemeNamesTheSchemesAvailableAndMasksThePassword() {
    assertThatThrownBy(
            () ->
                ResultBackends.open(
                    "redis://user:hunter2@host:6379/0",
                    ResultBackendOptions.defaults(),
                    null,
                    List.of(new DurableProvider())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("redis://user:**@host:6379/0")
        .hasMessageContaining("[rpc, durable]")
        .hasMessageContaining(ResultBackendProvider.class.getName())
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void urlWithoutSchemeIsRefused() {
    assertThatThrownBy(
            () ->
                ResultBackends.open("localhost", ResultBackendOptions.defaults(), null, List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("needs a scheme");
  }

  @Test
  void rpcTakesNoHost() {
    assertThatThrownBy(
            () ->
                ResultBackends.open("rpc://host", ResultBackendOptions.defaults(), null, List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("takes no host");
  }
}
