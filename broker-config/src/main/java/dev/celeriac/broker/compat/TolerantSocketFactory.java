package dev.celeriac.broker.compat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input goes through {@link FrameFilterInputStream}; made by {@link
 * TolerantSockets#wrap}, which wraps TLS factories in {@link TolerantSslSocketFactory} instead.
 */
final class TolerantSocketFactory extends SocketFactory {

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
