package dev.celeriac.worker.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.celeriac.broker.PublishException;
import dev.celeriac.client.Signature;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultTarget;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskMessage;
import dev.celeriac.worker.execution.FollowUpPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every port of the pipeline in memory, recording what reached "the broker" in one journal, in
 * order: {@code ack <id>}, {@code requeue <id>}, {@code store <STATE> <id>}, {@code store-failed
 * <STATE> <id>}, {@code republish <exchange> <routing key>}, {@code retry <id>}. A message is named
 * by its task id header, or by {@code tag-<n>} when it has none.
 */
final class InMemoryBroker implements Settler, Republisher, ResultBackend, FollowUpPublisher {

  final List<String> journal = new CopyOnWriteArrayList<>();
  final List<MessageCopy> copies = new CopyOnWriteArrayList<>();
  final List<ResultMessage> results = new CopyOnWriteArrayList<>();
  final List<TaskMessage> retries = new CopyOnWriteArrayList<>();
  volatile boolean refuseCopies;

  /** Stores still to fail, as an unreachable backend fails them; negative: every one. */
  volatile int failingStores;

  /** The journal entries about {@code name}, in order. */
  List<String> about(String name) {
    List<String> entries = new ArrayList<>();
    for (String entry : journal) {
      if (entry.endsWith(" " + name)) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** Whether {@code name} was acknowledged or requeued. */
  boolean settled(String name) {
    return journal.contains("ack " + name) || journal.contains("requeue " + name);
  }

  /** The results stored for {@code taskId}, in order. */
  List<ResultMessage> resultsOf(String taskId) {
    return results.stream().filter(r -> r.taskId().equals(taskId)).toList();
  }

  static String nameOf(InboundMessage message) {
    Object id = message.headers().get("id");
    return id != null ? id.toString() : "tag-" + message.envelope().getDeliveryTag();
  }

  @Override
  public void ack(InboundMessage message) {
    journal.add("ack " + nameOf(message));
  }

  @Override
  public void requeue(InboundMessage message) {
    journal.add("requeue " + nameOf(message));
  }

  @Override
  public void publish(MessageCopy copy) {
    if (refuseCopies) {
      throw new PublishException("the broker refused the copy (test)");
    }
    copies.add(copy);
    journal.add("republish " + copy.exchange() + " " + copy.routingKey());
  }

  @Override
  public CompletableFuture<Void> store(ResultTarget target, ResultMessage result) {
    if (failingStores != 0) {
      if (failingStores > 0) {
        failingStores--;
      }
      journal.add("store-failed " + result.status() + " " + target.taskId());
      return CompletableFuture.failedFuture(
          new dev.celeriac.error.CeleriacException("memory:// is unreachable (test)"));
    }
    results.add(result);
    journal.add("store " + result.status() + " " + target.taskId());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String publish(
      Signature<?> signature,
      String rootId,
      String parentId,
      String queue,
      ArrayNode chain,
      String groupId) {
    journal.add("follow-up " + signature.task());
    return "follow-up-id";
  }

  @Override
  public void republish(TaskMessage message, String queue) {
    retries.add(message);
    journal.add("retry " + message.id());
  }

  @Override
  public String origin() {
    return "gen1@test";
  }

  @Override
  public String url() {
    return "memory://";
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public ResultWatch watch(String taskId) {
    throw new UnsupportedOperationException("a worker only stores");
  }

  /** Result cleanups requested (celery.backend_cleanup); each reports 3 rows deleted. */
  final java.util.concurrent.atomic.AtomicInteger cleanups =
      new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public long cleanup() {
    cleanups.incrementAndGet();
    return 3;
  }

  @Override
  public Optional<ResultMessage> fetch(String taskId) {
    throw new UnsupportedOperationException("a worker only stores");
  }

  @Override
  public void forget(String taskId) {}

  @Override
  public String replyTo() {
    return null;
  }

  @Override
  public void close() {}
}
