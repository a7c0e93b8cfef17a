package dev.celeriac.worker;

import dev.celeriac.broker.BrokerDialect;
import dev.celeriac.embedded.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The broker contract on the embedded broker (Apache Qpid Broker-J in this JVM). */
class EmbeddedBrokerContractIT extends BrokerContract {

  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(EmbeddedBroker.options().port(0));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Override
  String brokerUrl() {
    return broker.url();
  }

  @Override
  BrokerDialect expectedDialect() {
    return BrokerDialect.QPID_BROKER_J;
  }
}
