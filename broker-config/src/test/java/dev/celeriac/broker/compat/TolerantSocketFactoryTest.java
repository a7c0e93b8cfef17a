package dev.celeriac.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TolerantSocketFactoryTest {

  private static final long BIG = 1L << 40;
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static final byte[] PYTHON_HEADER =
      Frames.contentHeader(1, 0, Frames.table("x-big-int", Frames.int64('L', BIG)));
  private static final byte[] JAVA_HEADER =
      Frames.contentHeader(1, 0, Frames.table("x-big-int", Frames.int64('l', BIG)));

  @TempDir Path dir;

  /** Accepts one connection on localhost, sends {@code bytes} and closes it. */
  private static ServerSocket serve(ServerSocketFactory sockets, byte[] bytes) throws IOException {
    ServerSocket server = sockets.createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    CompletableFuture.runAsync(
        () -> {
          try (Socket client = server.accept();
              OutputStream out = client.getOutputStream()) {
            out.write(bytes);
            out.flush();
            client.getInputStream().read(); // TLS: wait for the client to finish reading
          } catch (IOException e) {
            // the test sees the failure on its side
          }
        });
    return server;
  }

  private static byte[] readAll(Socket socket) throws IOException {
    try (socket;
        InputStream in = socket.getInputStream()) {
      byte[] out = new byte[JAVA_HEADER.length];
      int n = in.readNBytes(out, 0, out.length);
      return java.util.Arrays.copyOf(out, n);
    }
  }

  @Test
  void plainSocketsRewriteTheTagsTheBrokerSends() throws Exception {
    try (ServerSocket server = serve(ServerSocketFactory.getDefault(), PYTHON_HEADER)) {
      Socket socket = TolerantSockets.wrap(null).createSocket();
      socket.connect(server.getLocalSocketAddress(), 5000);

      assertThat(readAll(socket)).isEqualTo(JAVA_HEADER);
    }
  }

  @Test
  void tlsSocketsRewriteTheDecryptedTagsAndKeepHostnameVerification() throws Exception {
    SSLContext tls = selfSignedContext("localhost");
    try (ServerSocket server = serve(tls.getServerSocketFactory(), PYTHON_HEADER)) {
      SocketFactory sockets = TolerantSockets.wrap(tls.getSocketFactory());
      assertThat(sockets).isInstanceOf(SSLSocketFactory.class);
      Socket socket = sockets.createSocket();
      assertThat(socket).isInstanceOf(SSLSocket.class);
      verifyHostname((SSLSocket) socket);
      socket.connect(new InetSocketAddress("localhost", server.getLocalPort()), 5000);

      assertThat(readAll(socket)).isEqualTo(JAVA_HEADER);
    }
  }

  @Test
  void tlsSocketsStillRejectACertificateForAnotherHost() throws Exception {
    SSLContext tls = selfSignedContext("broker.example");
    try (ServerSocket server = serve(tls.getServerSocketFactory(), PYTHON_HEADER)) {
      SSLSocket socket = (SSLSocket) TolerantSockets.wrap(tls.getSocketFactory()).createSocket();
      verifyHostname(socket);
      socket.connect(new InetSocketAddress("localhost", server.getLocalPort()), 5000);

      assertThatThrownBy(() -> readAll(socket)).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void amqpClientStillSeesATlsFactoryAfterWrapping() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.useSslProtocol(SSLContext.getDefault());
    factory.setSocketFactory(TolerantSockets.wrap(factory.getSocketFactory()));

    assertThat(factory.isSSL()).isTrue();
    assertThat(new ConnectionFactory().isSSL()).isFalse();
  }

  @Test
  void refusesASocketFactoryWhoseSocketsItCannotWrap() {
    SocketFactory custom =
        new SocketFactory() {
          @Override
          public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(String host, int port, InetAddress local, int localPort) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(InetAddress host, int port, InetAddress local, int lp) {
            throw new UnsupportedOperationException();
          }
        };

    assertThatThrownBy(() -> TolerantSockets.wrap(custom))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only the default socket factory and SSLSocketFactory");
  }

  /** What amqp-client's enableHostnameVerification() does to each socket. */
  private static void verifyHostname(SSLSocket socket) {
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
  }

  /** A key store made by the JDK's keytool with one self-signed certificate, trusted both ways. */
  private SSLContext selfSignedContext(String host) throws Exception {
    Path store = dir.resolve(host + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "EC",
                    "-dname",
                    "CN=" + host,
                    "-ext",
                    "SAN=dns:" + host,
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    KeyStore keys = KeyStore.getInstance(store.toFile(), PASSWORD);
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(keys);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }
}
