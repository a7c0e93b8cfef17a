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
    // What amqp-client throws from basicConsume when RabbitMQ 3.10 crashes the channel on a
    // stream that is still starting: an IOException without a message around the connection's
    // shutdown signal.
    IOException e = new IOException(signal(true, false, connectionClose(AMQP.INTERNAL_ERROR)));

    assertThat(RevocationFeed.streamStarting(e)).isTrue();
  }

  @Test
  void aStreamWithoutAReplicaOnTheNodeYetIsWorthAnotherTry() {
    IOException e =
        new IOException(
            signal(
                false,
                false,
                channelClose(
                    AMQP.PRECONDITION_FAILED,
                    "PRECONDITION_FAILED - queue 'queue 'celeriac.revoked' in vhost '/'' does not"
                        + " have a replica on the local node")));

    assertThat(RevocationFeed.streamStarting(e)).isTrue();
  }

  @Test
  void otherRefusalsFailTheStartAtOnce() {
    assertThat(
            RevocationFeed.streamStarting(
                new IOException(
                    signal(
                        false,
                        false,
                        channelClose(
                            AMQP.PRECONDITION_FAILED,
                            "PRECONDITION_FAILED - inequivalent arg 'x-max-age'")))))
        .as("the stream declared with other arguments")
        .isFalse();
    assertThat(
            RevocationFeed.streamStarting(
                new IOException(signal(true, false, connectionClose(AMQP.CONNECTION_FORCED)))))
        .as("the broker shutting down")
        .isFalse();
    assertThat(
            RevocationFeed.streamStarting(
                new IOException(signal(true, true, connectionClose(AMQP.INTERNAL_ERROR)))))
        .as("this process closing its own connection")
        .isFalse();
    assertThat(RevocationFeed.streamStarting(new IOException("Connection reset")))
        .as("a network failure")
        .isFalse();
  }

  private static ShutdownSignalException signal(
      boolean hardError, boolean byApplication, Method reason) {
    return new ShutdownSignalException(hardError, byApplication, reason, null);
  }

  private static Method connectionClose(int code) {
    return new AMQP.Connection.Close.Builder().replyCode(code).replyText("INTERNAL_ERROR").build();
  }

  private static Method channelClose(int code, String text) {
    return new AMQP.Channel.Close.Builder().replyCode(code).replyText(text).build();
  }
}
