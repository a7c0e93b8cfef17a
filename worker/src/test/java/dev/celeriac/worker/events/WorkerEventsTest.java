package dev.celeriac.worker.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celeriac.protocol.RemoteException;
import org.junit.jupiter.api.Test;

class WorkerEventsTest {

  @Test
  void writesExceptionsAsPythonRepr() {
    var args = JsonNodeFactory.instance.arrayNode().add("boom");
    assertThat(WorkerEvents.repr(new RemoteException("ValueError", "builtins", args)))
        .isEqualTo("ValueError('boom')");
    var two = JsonNodeFactory.instance.arrayNode().add(42).add("custom");
    assertThat(WorkerEvents.repr(new RemoteException("CaptureError", "m", two)))
        .isEqualTo("CaptureError(42, 'custom')");
    assertThat(
            WorkerEvents.repr(
                new RemoteException(
                    "SoftTimeLimitExceeded",
                    "celery.exceptions",
                    JsonNodeFactory.instance.arrayNode())))
        .isEqualTo("SoftTimeLimitExceeded()");
  }

  @Test
  void readsThreeLoadAverages() {
    assertThat(WorkerEvents.loadAverage()).hasSize(3);
  }
}
