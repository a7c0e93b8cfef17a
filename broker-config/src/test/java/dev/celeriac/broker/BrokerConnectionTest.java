package dev.celeriac.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import com.rabbitmq.client.impl.SocketFrameHandlerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The amqp-client {@link ConnectionFactory} every {@link BrokerConnection} is opened with reads
 * through the sockets of {@code dev.celeriac.broker.compat}, which only happens on amqp-client's
 * blocking I/O: its NIO and Netty modes never ask for a socket factory.
 */
class BrokerConnectionTest {

  private static final long BIG = 1L << 40;

  @ParameterizedTest
  @ValueSource(strings = {"amqp://guest:guest@localhost:5672//", "amqps://guest:guest@localhost//"})
  void buildsABlockingIoFactoryWhoseSocketsAreTheTolerantOnes(String url) throws Exception {
    ConnectionFactory factory = BrokerConnection.factory(BrokerSettings.of(url), "test");

    assertThat(frameHandlerFactory(factory))
        .as("NIO and Netty bypass the tolerant socket factory; keep amqp-client on blocking I/O")
        .isExactlyInstanceOf(SocketFrameHandlerFactory.class);
    assertThat(factory.getSocketFactory())
        .as("the socket factory amqp-client opens sockets with")
        .isNotNull()
        .extracting(sockets -> sockets.getClass().getPackageName())
        .isEqualTo("dev.celeriac.broker.compat");
  }

  @Test
  @SuppressWarnings("deprecation") // useNio() is what the check must catch, deprecated or not
  void theIoModeCheckTellsNioApart() throws Exception {
    ConnectionFactory nio =
        BrokerConnection.factory(BrokerSettings.of("amqp://guest:guest@localhost//"), "test");
    nio.useNio();

    assertThat(frameHandlerFactory(nio)).isNotInstanceOf(SocketFrameHandlerFactory.class);
  }

  @Test
  void framesReadThroughTheFactoryItBuildsHavePyAmqpTagsRewritten() throws Exception {
    ConnectionFactory factory =
        BrokerConnection.factory(BrokerSettings.of("amqp://guest:guest@localhost//"), "test");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served = serve(server, pyAmqpContentHeader());
      Address address =
          new Address(server.getInetAddress().getHostAddress(), server.getLocalPort());
      FrameHandler handler = frameHandlerFactory(factory).create(address, "test");
      try {
        handler.setTimeout(10_000);
        Frame frame = handler.readFrame();

        var properties =
            (AMQP.BasicProperties) AMQImpl.readContentHeaderFrom(frame.getInputStream());
        assertThat(properties.getHeaders()).containsEntry("x-big-int", BIG);
      } finally {
        handler.close();
      }
      served.join();
    }
  }

  /**
   * The frame handler factory amqp-client would open connections with. {@link ConnectionFactory}
   * has no public accessor that says whether NIO is on ({@code getNioParams()} returns parameters
   * either way), and this protected method is where it decides.
   */
  private static FrameHandlerFactory frameHandlerFactory(ConnectionFactory factory)
      throws Exception {
    Method create = ConnectionFactory.class.getDeclaredMethod("createFrameHandlerFactory");
    create.setAccessible(true);
    return (FrameHandlerFactory) create.invoke(factory);
  }

  /** Accepts one connection, sends {@code bytes}, and waits for the client to close. */
  private static CompletableFuture<Void> serve(ServerSocket server, byte[] bytes) {
    return CompletableFuture.runAsync(
        () -> {
          try (Socket client = server.accept()) {
            client.getOutputStream().write(bytes);
            client.getOutputStream().flush();
            client.getInputStream().read();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** A content-header frame py-amqp 5.1.1 wrote, with {@code x-big-int} = 2^40 tagged {@code L}. */
  private static byte[] pyAmqpContentHeader() throws IOException {
    try (InputStream hex =
        BrokerConnectionTest.class.getResourceAsStream("/py-amqp/content-header.hex")) {
      return HexFormat.of().parseHex(new String(hex.readAllBytes(), UTF_8).strip());
    }
  }
}
