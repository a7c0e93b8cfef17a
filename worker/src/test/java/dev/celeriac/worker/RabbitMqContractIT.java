package dev.celeriac.worker;

import dev.celeriac.broker.BrokerDialect;
import dev.celeriac.broker.testing.TestBroker;

/** The broker contract on RabbitMQ (the shared Testcontainers broker). */
class RabbitMqContractIT extends BrokerContract {

  @Override
  String brokerUrl() {
    return TestBroker.amqpUrl();
  }

  @Override
  BrokerDialect expectedDialect() {
    return BrokerDialect.RABBITMQ;
  }
}
