package dev.celeriac.broker.topology;

import com.rabbitmq.client.Channel;
import java.time.Duration;

/**
 * Where revokes are kept so that they outlive workers: a RabbitMQ stream, {@value #STREAM}. A
 * revoke is appended once; every worker reads the stream from its first retained entry when it
 * starts and then follows it, so a task revoked while no worker ran is still never run (Celery
 * keeps revokes in worker memory, or a per-worker {@code --statedb} file). Retention bounds it.
 */
public final class Revocations {

  public static final String STREAM = "celeriac.revoked";

  /** How long a revoke is kept: long enough for any countdown a queue would hold in practice. */
  public static final Duration RETENTION = Duration.ofDays(7);

  private Revocations() {}

  /** The stream, durable, with age- and size-based retention. */
  public static QueueSpec stream() {
    return QueueSpec.durable(STREAM)
        .argument("x-queue-type", "stream")
        .argument("x-max-age", RETENTION.toDays() + "D")
        .argument("x-max-length-bytes", 256L * 1024 * 1024)
        .build();
  }

  public static void declare(Channel channel) {
    stream().declare(channel);
  }
}
