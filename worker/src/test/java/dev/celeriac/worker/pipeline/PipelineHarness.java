package dev.celeriac.worker.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.celeriac.broker.AmqpProperties;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.Embed;
import dev.celeriac.protocol.EncodedMessage;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.TaskBody;
import dev.celeriac.protocol.TaskHeaders;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.protocol.TaskMessageCodec;
import dev.celeriac.protocol.TaskProperties;
import dev.celeriac.security.MessageSigning;
import dev.celeriac.worker.PoolType;
import dev.celeriac.worker.TaskRegistry;
import dev.celeriac.worker.execution.StoreRetry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A {@link DeliveryPipeline} over an {@link InMemoryBroker}, running {@link PipelineTasks}, and the
 * messages to feed it.
 */
final class PipelineHarness implements AutoCloseable {

  static final String QUEUE = "q";
  static final long MAX_MESSAGE_SIZE = 4096;
  static final int MAX_DELIVERIES = 3;

  final InMemoryBroker broker = new InMemoryBroker();
  final List<String> heard = new CopyOnWriteArrayList<>();
  final DeliveryPipeline pipeline;
  private final TaskMessageCodec codec = new TaskMessageCodec();
  private final AtomicLong tags = new AtomicLong();
  private static final StoreRetry DEFAULT_RETRY =
      StoreRetry.of(Duration.ofSeconds(10), Duration.ofMillis(20));

  PipelineHarness(int concurrency) {
    this(concurrency, DEFAULT_RETRY);
  }

  /** With {@code retry} for results the backend fails to store. */
  PipelineHarness(int concurrency, StoreRetry retry) {
    this(b -> b.pool(PoolType.VIRTUAL, concurrency), retry);
  }

  /** A pipeline that runs only messages {@code signing} verifies. */
  static PipelineHarness signing(MessageSigning signing) {
    return new PipelineHarness(b -> b.pool(PoolType.VIRTUAL, 1).signing(signing), DEFAULT_RETRY);
  }

  /** A pipeline that runs each delivery on the thread that hands it over. */
  static PipelineHarness callerRuns() {
    return new PipelineHarness(DeliveryPipelineBuilder::callerRuns, DEFAULT_RETRY);
  }

  private PipelineHarness(UnaryOperator<DeliveryPipelineBuilder> pool, StoreRetry retry) {
    pipeline =
        pool.apply(DeliveryPipeline.builder())
            .tasks(TaskRegistry.builder().add(PipelineTasks.class).build())
            .hostname("w@test")
            .maxMessageSize(MAX_MESSAGE_SIZE)
            .maxDeliveries(MAX_DELIVERIES)
            .resultTimeout(Duration.ofSeconds(5))
            .resultRetry(retry)
            .republisher(broker)
            .results(broker)
            .followUps(broker)
            .listener(listener())
            .build();
  }

  /** A call of {@code name} with {@code args}, its id as correlation id, replies to "replies". */
  static TaskMessage call(String name, Object... args) {
    return call(name, h -> h, args);
  }

  /** A call whose headers {@code tune} changes (eta, expires, retries). */
  static TaskMessage call(String name, UnaryOperator<Headers> tune, Object... args) {
    String id = UUID.randomUUID().toString();
    Headers h = tune.apply(new Headers(0, null, null));
    TaskHeaders headers =
        new TaskHeaders(
            id,
            name,
            "java",
            id,
            null,
            null,
            null,
            h.retries(),
            h.eta(),
            h.expires(),
            null,
            null,
            null,
            null,
            "gen1@test",
            false,
            null);
    ArrayNode list = CeleryJson.mapper().valueToTree(List.of(args));
    TaskBody body = new TaskBody(list, JsonNodeFactory.instance.objectNode(), Embed.EMPTY);
    TaskProperties properties =
        new TaskProperties(id, "replies", null, 2, null, TaskProperties.JSON, TaskProperties.UTF_8);
    return new TaskMessage(headers, body, properties);
  }

  /** The headers a test may change. */
  record Headers(int retries, OffsetDateTime eta, OffsetDateTime expires) {
    Headers eta(OffsetDateTime when) {
      return new Headers(retries, when, expires);
    }

    Headers expires(OffsetDateTime when) {
      return new Headers(retries, eta, when);
    }
  }

  /** Delivers {@code message} for the first time; returns its id. */
  String deliver(TaskMessage message) {
    pipeline.onDelivery(inbound(message, false, Map.of()));
    return message.id();
  }

  /** Delivers {@code message} as {@code seal} wraps it (signed, tampered); returns its id. */
  String deliverSealed(TaskMessage message, UnaryOperator<EncodedMessage> seal) {
    EncodedMessage encoded = seal.apply(codec.encode(message));
    Envelope envelope = new Envelope(tags.incrementAndGet(), false, "", QUEUE);
    pipeline.onDelivery(
        new InboundMessage(
            QUEUE, envelope, AmqpProperties.forTask(encoded), encoded.body(), broker));
    return message.id();
  }

  /** Delivers {@code message} flagged as redelivered, with extra headers (delivery counts). */
  String redeliver(TaskMessage message, Map<String, Object> extraHeaders) {
    pipeline.onDelivery(inbound(message, true, extraHeaders));
    return message.id();
  }

  /** Delivers raw bytes with {@code headers}; returns the name the journal knows it by. */
  String deliverRaw(byte[] body, Map<String, Object> headers) {
    long tag = tags.incrementAndGet();
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType(TaskProperties.JSON)
            .contentEncoding(TaskProperties.UTF_8)
            .headers(headers)
            .build();
    pipeline.onDelivery(
        new InboundMessage(QUEUE, new Envelope(tag, false, "", QUEUE), properties, body, broker));
    return "tag-" + tag;
  }

  private InboundMessage inbound(
      TaskMessage message, boolean redelivered, Map<String, Object> extraHeaders) {
    EncodedMessage encoded = codec.encode(message);
    AMQP.BasicProperties properties = AmqpProperties.forTask(encoded);
    if (!extraHeaders.isEmpty()) {
      var headers = new java.util.LinkedHashMap<>(properties.getHeaders());
      headers.putAll(extraHeaders);
      properties = properties.builder().headers(headers).build();
    }
    Envelope envelope = new Envelope(tags.incrementAndGet(), redelivered, "", QUEUE);
    return new InboundMessage(QUEUE, envelope, properties, encoded.body(), broker);
  }

  private WorkerTaskListener listener() {
    return new WorkerTaskListener() {
      @Override
      public void succeeded(TaskMessage m, JsonNode result, double runtime) {
        heard.add("succeeded " + m.id());
      }

      @Override
      public void failed(TaskMessage m, RemoteException e, String traceback, double runtime) {
        heard.add("failed " + e.type() + " " + m.id());
      }

      @Override
      public void retried(TaskMessage m, RemoteException e, String traceback) {
        heard.add("retried " + m.id());
      }

      @Override
      public void revoked(TaskMessage m, boolean terminated, boolean expired) {
        heard.add("revoked " + (expired ? "expired " : "") + m.id());
      }

      @Override
      public void deadLettered(String queue, String reason) {
        heard.add("dead-lettered " + reason);
      }
    };
  }

  @Override
  public void close() {
    pipeline.abort();
  }
}
