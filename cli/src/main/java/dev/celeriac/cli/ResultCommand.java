package dev.celeriac.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.client.Celeriac;
import dev.celeriac.client.events.Event;
import dev.celeriac.client.events.EventReceiver;
import dev.celeriac.client.results.ResultBackend;
import dev.celeriac.client.results.ResultWatch;
import dev.celeriac.client.spi.WorkerClient;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.RemoteException;
import dev.celeriac.protocol.ResultCodec;
import dev.celeriac.protocol.ResultMessage;
import dev.celeriac.protocol.TaskEventType;
import dev.celeriac.state.TaskState;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code celeriac result ID}: a task's state and result. With a durable result backend ({@code
 * --result-backend redis://…}) it reads what the backend stores: state, result or exception, and
 * traceback, and with {@code --wait} waits there for the end; a task the backend does not know yet
 * is looked up among the live workers. Without one ({@code rpc://}) a task's result goes only to
 * its caller's reply queue, so this command reads, in order: the named reply queue if given ({@code
 * --reply-queue}, read without removing anything), the live workers (running, reserved or scheduled
 * there), and with {@code --wait} the event stream until the task ends (its worker must send
 * events, {@code -E}).
 */
@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description = {
      "Show a task's state and result.",
      "With a durable --result-backend (redis://...) it reads the stored state, result and",
      "traceback, and --wait waits there. With rpc:// results go to the caller's reply queue",
      "only: this reads that queue if you name it (--reply-queue; messages stay there), asks",
      "live workers, and with --wait follows the event stream until the task ends (its worker",
      "must run with -E).",
      "Exit code 1 for FAILURE/REVOKED/REJECTED or when --wait times out."
    })
final class ResultCommand implements java.util.concurrent.Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  String id;

  @Option(
      names = {"-w", "--wait"},
      description = "Wait until the task ends (from its events).")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--reply-queue",
      paramLabel = "QUEUE",
      description = "A reply queue to look in (the caller's reply_to), read without consuming.")
  String replyQueue;

  @Option(names = "--json", description = "Print one JSON object: id, state, result/exception.")
  boolean json;

  @Mixin BrokerOptions broker;

  @Mixin ResultBackendOption results;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    LogSetup.apply("warning");
    try (Celeriac app = broker.connect("celeriac-result", results)) {
      if (results.durable()) {
        return fromBackend(app);
      }
      CompletableFuture<Event> end = new CompletableFuture<>();
      // Listen first, so an end that happens while asking the workers is not missed.
      try (EventReceiver receiver =
          await
              ? EventReceiver.start(
                  app,
                  e -> {
                    if (id.equals(e.uuid()) && endsTheWait(e)) {
                      end.complete(e);
                    }
                  })
              : null) {
        if (replyQueue != null) {
          ObjectNode stored = fromReplyQueue(app, replyQueue);
          if (stored != null && isFinal(stored.path("status").asText())) {
            return print(stored.path("status").asText(), stored.get("result"), "reply queue");
          }
        }
        String live = fromWorkers(app);
        if (!await) {
          return print(live == null ? "PENDING" : live, null, live == null ? "unknown" : "workers");
        }
        try {
          Event e = end.get(dev.celeriac.Durations.parse(timeout).toNanos(), TimeUnit.NANOSECONDS);
          String state = EventTable.state(e.type());
          JsonNode value =
              e.taskEventType().orElse(null) == TaskEventType.SUCCEEDED
                  ? fromRepr(e.body().get("result"))
                  : e.body().has("exception") ? e.body().get("exception") : null;
          return print(state, value, "events");
        } catch (TimeoutException e) {
          print(live == null ? "PENDING" : live, null, "timeout");
          spec.commandLine()
              .getErr()
              .println(
                  "Error: task "
                      + id
                      + " did not end within "
                      + timeout
                      + " (is its worker running with -E?)");
          spec.commandLine().getErr().flush();
          return ExitCodes.FAILURE;
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    }
  }

  /**
   * What the durable backend stores: a final state at once; else, with {@code --wait}, the final
   * state once stored; else the state stored so far, or what live workers say, or PENDING.
   */
  private int fromBackend(Celeriac app) throws InterruptedException {
    ResultBackend backend = WorkerClient.of(app).results();
    Optional<ResultMessage> stored = backend.fetch(id);
    if (stored.isPresent() && stored.get().status().isReady()) {
      return print(stored.get(), "backend");
    }
    if (!await) {
      if (stored.isPresent()) {
        return print(stored.get(), "backend");
      }
      String live = fromWorkers(app);
      return print(live == null ? "PENDING" : live, null, live == null ? "unknown" : "workers");
    }
    ResultWatch watch = backend.watch(id);
    try {
      ResultMessage done =
          watch.done().get(dev.celeriac.Durations.parse(timeout).toNanos(), TimeUnit.NANOSECONDS);
      return print(done, "backend");
    } catch (TimeoutException e) {
      ResultMessage latest = watch.latest();
      if (latest != null) {
        print(latest, "timeout");
      } else {
        print("PENDING", null, "timeout");
      }
      spec.commandLine()
          .getErr()
          .println("Error: task " + id + " did not end within " + timeout + " in " + backend.url());
      spec.commandLine().getErr().flush();
      return ExitCodes.FAILURE;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      watch.cancel();
    }
  }

  /** A stored result: the value, or for failures the exception as Python shows it and traceback. */
  private int print(ResultMessage stored, String source) {
    String state = stored.status().wireName();
    boolean exception =
        stored.status() == TaskState.FAILURE
            || stored.status() == TaskState.RETRY
            || stored.status() == TaskState.REVOKED;
    if (!exception) {
      JsonNode value = stored.status() == TaskState.SUCCESS ? stored.result() : null;
      return print(state, value, source);
    }
    RemoteException error = ResultCodec.decodeException(stored.result());
    String shown = error.type() + ": " + error.messageText();
    if (json) {
      PrintWriter out = spec.commandLine().getOut();
      ObjectNode line = CeleryJson.mapper().createObjectNode().put("id", id).put("state", state);
      line.set("exception", stored.result());
      line.put("traceback", stored.traceback());
      line.put("source", source);
      out.println(line);
      out.flush();
      return stored.status().isReady() ? ExitCodes.FAILURE : ExitCodes.OK;
    }
    int code = print(state, TextNode.valueOf(shown), source);
    if (stored.traceback() != null) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(stored.traceback().stripTrailing());
      out.flush();
    }
    return code;
  }

  /**
   * Events carry the result as Python's repr; numbers, strings in double quotes, true/false-free
   * lists read as JSON, anything else stays the repr text.
   */
  private static JsonNode fromRepr(JsonNode repr) {
    if (repr == null || !repr.isTextual()) {
      return repr;
    }
    try {
      return CeleryJson.read(repr.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (dev.celeriac.error.ProtocolException e) {
      return repr;
    }
  }

  /**
   * A final event ends the wait, and so does a rejection without requeue: REJECTED is not final (a
   * requeued message runs again), but a message rejected for good goes to its dead-letter queue and
   * no further event will come.
   */
  static boolean endsTheWait(Event e) {
    return e.taskEventType()
        .map(
            t ->
                t.isFinal()
                    || (t == TaskEventType.REJECTED && !e.body().path("requeue").asBoolean()))
        .orElse(false);
  }

  private static boolean isFinal(String status) {
    try {
      return TaskState.fromWire(status).isReady();
    } catch (IllegalArgumentException e) {
      return false; // a custom state from Celery's update_state()
    }
  }

  /** The newest result message for the id, read with get and then returned to the queue. */
  private ObjectNode fromReplyQueue(Celeriac app, String queue) throws IOException {
    Channel channel = WorkerClient.of(app).connection().createChannel();
    ObjectNode latest = null;
    try {
      channel.queueDeclarePassive(queue);
      GetResponse message;
      while ((message = channel.basicGet(queue, false)) != null) {
        JsonNode body = CeleryJson.read(message.getBody());
        if (body instanceof ObjectNode o && id.equals(o.path("task_id").asText())) {
          latest = o;
        }
      }
    } catch (IOException e) {
      throw new dev.celeriac.error.ConfigurationException(
          "reply queue '" + queue + "' does not exist (reply queues go when their caller goes)");
    } finally {
      dev.celeriac.broker.topology.Topology.closeQuietly(channel); // unacked: all requeued
    }
    return latest;
  }

  /** STARTED, RECEIVED or SCHEDULED when a live worker holds the task, else null. */
  private String fromWorkers(Celeriac app) {
    var inspect = app.control().inspect();
    if (mentions(inspect.active())) {
      return "STARTED";
    }
    if (mentions(inspect.reserved())) {
      return "RECEIVED";
    }
    if (mentions(inspect.scheduled())) {
      return "SCHEDULED";
    }
    return null;
  }

  private boolean mentions(Map<String, JsonNode> replies) {
    return replies.values().stream().anyMatch(r -> r.toString().contains("\"" + id + "\""));
  }

  private int print(String state, JsonNode value, String source) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode line = CeleryJson.mapper().createObjectNode().put("id", id).put("state", state);
      if (value != null) {
        line.set(state.equals("SUCCESS") ? "result" : "exception", value);
      }
      line.put("source", source);
      out.println(line);
    } else {
      out.println(state);
      if (value != null) {
        out.println(value.isTextual() ? value.asText() : value.toString());
      }
    }
    out.flush();
    boolean failed =
        state.equals(TaskState.FAILURE.wireName())
            || state.equals(TaskState.REVOKED.wireName())
            || state.equals(TaskState.REJECTED.wireName());
    return failed ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
