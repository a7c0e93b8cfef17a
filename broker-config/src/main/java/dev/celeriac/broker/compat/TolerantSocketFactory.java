package dev.celeriac.broker.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets whose input goes through {@link FrameFilterInputStream}, so a message from a Python
 * publisher with a large integer in its headers does not make amqp-client close the connection.
 * {@link #wrap} covers plain TCP and TLS ({@code amqps://}) alike.
 *
 * <pre>{@code
 * ConnectionFactory factory = new ConnectionFactory();
 * factory.useSslProtocol(sslContext); // if TLS: it sets the factory's SSLSocketFactory
 * factory.setSocketFactory(TolerantSocketFactory.wrap(factory.getSocketFactory()));
 * }</pre>
 *
 * <p>Only amqp-client's blocking socket I/O (its default) uses a socket factory; its NIO mode
 * ({@code useNio()}) bypasses it and gets no guard.
 */
public final class TolerantSocketFactory extends SocketFactory {

  /**
   * The guarded counterpart of {@code sockets}: plain TCP for {@code null} (amqp-client's default)
   * or the JVM's default socket factory, TLS for an {@link SSLSocketFactory}.
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

  @Override
  public Socket createSocket() {
    return new FilteringSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(null, new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
  }

  private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
    Socket socket = createSocket();
    if (local != null) {
      socket.bind(local);
    }
    socket.connect(remote);
    return socket;
  }

  /** A plain socket is ours to subclass; TLS sockets come from the JDK and are delegated to. */
  private static final class FilteringSocket extends Socket {
    private InputStream filtered;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (filtered == null) {
        filtered = new FrameFilterInputStream(super.getInputStream());
      }
      return filtered;
    }
  }
}
