package dev.celeriac.error;

/**
 * The root of every exception Celeriac throws. All are unchecked.
 *
 * <pre>
 * CeleriacException
 * ├── ProtocolException            a message does not follow Celery's protocol v2 (task-api)
 * │   └── MessageSecurityException     a task message failed signature checks (task-api)
 * ├── TaskDefinitionException      a {@code @Task} method cannot be registered (task-api)
 * ├── BrokerException              talking to the broker failed (broker-config)
 * │   ├── BrokerUnavailableException   no connection could be opened
 * │   └── PublishException             the broker did not confirm a message in time, or refused it
 * ├── ConfigurationException       a setting has a value outside its rule (broker-config, client, worker)
 * ├── EmbeddedBrokerException      the in-process demo broker could not start (embedded-broker)
 * ├── MapReduceException           items of a mapReduce failed; lists them, keeps the partial result (client)
 * ├── FuturesTimeoutException      a map, reduction or wait of the futures API ran out of time (client)
 * ├── ArgumentException            a task message's arguments do not fit the task's parameters (worker)
 * ├── ResultNotStoredException     the result backend did not store a task's result within its retries (worker)
 * ├── IllegalDeliveryStateChangeException  a worker bug: a delivery moved against its state table (worker)
 * └── TaskException                about one task call; carries its id and name (client)
 *     ├── TaskFailedException          the task raised; remote type, message and traceback attached
 *     ├── TaskRevokedException         the task was revoked or expired before it ran
 *     └── TaskTimeoutException         no final state arrived within the wait
 * </pre>
 *
 * <p>Messages say what went wrong and what to do about it.
 */
public class CeleriacException extends RuntimeException {

  public CeleriacException(String message) {
    super(message);
  }

  public CeleriacException(String message, Throwable cause) {
    super(message, cause);
  }
}
