package dev.celeriac.broker.compat;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The entry point of this package: wraps the socket factory of an amqp-client {@code
 * ConnectionFactory} so that a message from a Python publisher with a large integer in its headers
 * does not make amqp-client close the connection (see the {@linkplain dev.celeriac.broker.compat
 * package} for why and for when this can go).
 *
 * <pre>{@code
 * ConnectionFactory factory = new ConnectionFactory();
 * factory.useSslProtocol(sslContext); // if TLS: it replaces the factory's socket factory
 * factory.setSocketFactory(TolerantSockets.wrap(factory.getSocketFactory()));
 * }</pre>
 *
 * <p>Only amqp-client's blocking socket I/O (its default) asks for a socket factory; its NIO mode
 * ({@code useNio()}) and Netty mode ({@code netty()}) open their own channels and get no guard.
 *
 * <h2>Concurrency</h2>
 *
 * Stateless; the factories it returns are thread-safe, and each socket they make is read by one
 * thread, as amqp-client does.
 */
public final class TolerantSockets {

  private TolerantSockets() {}

  /**
   * The guarded counterpart of {@code sockets}: plain TCP for {@code null} (amqp-client's default)
   * or the JVM's default socket factory, TLS for an {@link SSLSocketFactory}. A factory this method
   * returned is returned as it is.
   *
   * @throws IllegalArgumentException for any other socket factory, whose sockets cannot be wrapped
   */
  public static SocketFactory wrap(SocketFactory sockets) {
    if (sockets == null || sockets == SocketFactory.getDefault()) {
      return new TolerantSocketFactory();
    }
    if (sockets instanceof TolerantSocketFactory || sockets instanceof TolerantSslSocketFactory) {
      return sockets;
    }
    if (sockets instanceof SSLSocketFactory tls) {
      return new TolerantSslSocketFactory(tls);
    }
    throw new IllegalArgumentException(
        "Cannot guard sockets from "
            + sockets.getClass().getName()
            + ": only the default socket factory and SSLSocketFactory are supported");
  }
}
