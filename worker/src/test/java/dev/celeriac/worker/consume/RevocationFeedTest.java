package dev.celeriac.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RevocationFeedTest {

  @Test
  void theBrokerClosingTheConnectionWithAnInternalErrorIsWorthAnotherTry() {
    // What RabbitMQ 3.10 does when a consumer reads a stream that is still starting: it crashes
    // the channel, which closes the connection.
    assertThat(RevocationFeed.streamStarting(refused(connectionClose(541, "INTERNAL_ERROR"))))
        .isTrue();
  }

  @Test
  void aStreamWithoutAReplicaOnTheNodeYetIsWorthAnotherTry() {
    String text =
        "PRECONDITION_FAILED - queue 'queue 'celeriac.revoked' in vhost '/'' does not have a"
            + " replica on the local node";

    assertThat(RevocationFeed.streamStarting(refused(channelClose(406, text)))).isTrue();
  }

  @Test
  void otherRefusalsFailTheStartAtOnce() {
    assertThat(
            RevocationFeed.streamStarting(
                refused(channelClose(406, "PRECONDITION_FAILED - inequivalent arg 'x-max-age'"))))
        .as("the stream declared with other arguments")
        .isFalse();
    assertThat(RevocationFeed.streamStarting(refused(connectionClose(320, "CONNECTION_FORCED"))))
        .as("the broker shutting down")
        .isFalse();
    IOException ours =
        new IOException(
            new ShutdownSignalException(true, true, connectionClose(541, "INTERNAL_ERROR"), null));
    assertThat(RevocationFeed.streamStarting(ours))
        .as("this process closing its own connection")
        .isFalse();
    assertThat(RevocationFeed.streamStarting(new IOException("Connection reset")))
        .as("a network failure")
        .isFalse();
  }

  /**
   * What amqp-client throws from a call the broker refused: an IOException without a message around
   * the shutdown signal, of the connection or of the channel.
   */
  private static IOException refused(Method reason) {
    boolean connection = reason instanceof AMQP.Connection.Close;
    return new IOException(new ShutdownSignalException(connection, false, reason, null));
  }

  private static Method connectionClose(int code, String text) {
    return new AMQP.Connection.Close.Builder().replyCode(code).replyText(text).build();
  }

  private static Method channelClose(int code, String text) {
    return new AMQP.Channel.Close.Builder().replyCode(code).replyText(text).build();
  }
}
