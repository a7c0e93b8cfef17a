/**
 * A patch for amqp-client, kept in one package so that it can be deleted in one piece: the sockets
 * of every {@link dev.celeriac.broker.BrokerConnection} rewrite two AMQP field-table type tags that
 * amqp-client cannot read. The only public type is {@link
 * dev.celeriac.broker.compat.TolerantSockets}.
 *
 * <h2>Why</h2>
 *
 * amqp-client's {@code com.rabbitmq.client.impl.ValueReader.readFieldValue} has no case for the
 * tags {@code L} (signed 64-bit) and {@code U} (signed 16-bit), which the AMQP 0-9-1 specification
 * defines and RabbitMQ's errata renamed {@code l} and {@code s}. In 5.37.0 (the {@code
 * amqp-client.version} in the root pom) that method ends with {@code default: throw new
 * MalformedFrameException("Unrecognised type in table")}. It throws on the connection's reader
 * thread, so amqp-client closes the whole connection, every channel and consumer on it; the broker
 * then redelivers the message to the next consumer, which dies the same way. py-amqp, and so every
 * Celery and kombu publisher on kombu's default transport, writes each Python int outside ±(2³¹−1)
 * in message headers with tag {@code L}: one such task message would take down every Celeriac
 * worker on its queue.
 *
 * <h2>How</h2>
 *
 * {@code TolerantSockets.wrap} returns a socket factory whose sockets read through {@code
 * FrameFilterInputStream}. It hands frames over unchanged except content-header frames, where
 * {@code FieldTableTags} rewrites {@code L} to {@code l} and {@code U} to {@code s} in the headers
 * table: same widths, so no length in the frame changes. Method frames are left alone: they come
 * from RabbitMQ itself, which writes {@code l} and {@code s}. Plain sockets are subclassed; TLS
 * sockets come from the JDK and are wrapped by {@code FilteringSslSocket}, which delegates every
 * other method ({@code FilteringSslSocketTest} checks that against the running JDK). Only
 * amqp-client's blocking I/O asks for a socket factory: its NIO and Netty modes bypass this
 * package, so {@code BrokerConnection} keeps them off ({@code BrokerConnectionTest}).
 *
 * <h2>When to delete it</h2>
 *
 * When the amqp-client in the root pom reads both tags itself: {@code ValueReader.readFieldValue}
 * with a {@code case 'L'} read like {@code 'l'} ({@code readLong()}) and a {@code case 'U'} read
 * like {@code 's'} ({@code readShort()}), as RabbitMQ's own parser has read {@code L} since 2017
 * (rabbitmq-common pull request 166). Neither 5.37.0 nor the client's main branch had them when
 * this was written; it would take a pull request to rabbitmq/rabbitmq-java-client adding those two
 * cases, and a release with it. A py-amqp that wrote {@code l} instead would not be enough: older
 * Python publishers stay in use.
 *
 * <p>{@code FieldTableTagsTest.amqpClientStillCannotReadTheTagsThisPackageRewrites} decodes both
 * tags with the amqp-client on the test class path and no rewrite; it fails on the first version
 * that reads them, and so does {@code
 * PyAmqpHeaderTagIT.withoutTheGuardAmqpClientClosesTheWholeConnection} with a real py-amqp
 * publisher. Then delete this package and its tests, the {@code setSocketFactory} line in {@code
 * BrokerConnection} with its comment, and the tests of {@code BrokerConnectionTest} that check the
 * sockets and the I/O mode; keep {@code PyAmqpHeaderTagIT}'s other test, which must still pass on
 * plain amqp-client.
 */
package dev.celeriac.broker.compat;
