package dev.celeriac.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.GetResponse;
import dev.celeriac.broker.deadletter.DeadLetterHeaders;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.broker.testing.TestBroker;
import dev.celeriac.worker.QueueFixture;
import dev.celeriac.worker.TestTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Python Celery 5.2.6 as the client, a Celeriac worker running the tasks. */
class PythonClientToJavaWorkerIT {

  private QueueFixture fixture;
  private Path records;

  @BeforeEach
  void start() throws Exception {
    PythonCelery.require();
    records = Files.createTempDirectory("interop-records");
    fixture = QueueFixture.create("interop-java").withWorker(w -> w.concurrency(4));
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private JsonNode drive(String scenario, String... extra) throws Exception {
    String[] args = new String[extra.length + 2];
    args[0] = scenario;
    args[1] = fixture.queue;
    System.arraycopy(extra, 0, args, 2, extra.length);
    JsonNode seen = PythonInterop.drive(TestBroker.amqpUrl(), records, args);
    System.out.println("python client, " + scenario + ": " + seen);
    return seen;
  }

  @Test
  void positionalKeywordExplicitIdAndCustomHeaders() throws Exception {
    JsonNode r = drive("basic");
    assertThat(r.path("positional").asInt()).isEqualTo(5);
    assertThat(r.path("kwargs").asInt()).isEqualTo(9);
    assertThat(r.path("explicit_id").asBoolean()).isTrue();
    assertThat(r.path("headers").asInt())
        .isEqualTo(6); // x-big-int = 2^40 travelled as py-amqp's 'L'
  }

  @Test
  void valuesCrossUnchanged() throws Exception {
    JsonNode r = drive("values");
    assertThat(r.path("same").asBoolean()).as(r.toString()).isTrue();
  }

  @Test
  void countdownEtaAndExpiry() throws Exception {
    JsonNode r = drive("times");
    assertThat(r.path("countdown").asInt()).isEqualTo(3);
    assertThat(r.path("waited").asDouble()).isGreaterThanOrEqualTo(1.4);
    assertThat(r.path("aware").asInt()).isEqualTo(4);
    assertThat(r.path("naive").asInt()).isEqualTo(6);
    assertThat(r.path("expired").path("state").asText()).isEqualTo("REVOKED");
    assertThat(r.path("expired").path("type").asText()).isEqualTo("TaskRevokedError");
  }

  @Test
  void failuresArriveAsExceptionsWithArgumentsAndTraceback() throws Exception {
    JsonNode r = drive("failures");
    JsonNode builtin = r.path("builtin");
    assertThat(builtin.path("state").asText()).isEqualTo("FAILURE");
    assertThat(builtin.path("type").asText()).isEqualTo("IllegalStateException");
    assertThat(builtin.path("args").toString()).isEqualTo("[\"boom\"]");
    assertThat(builtin.path("traceback").asText())
        .contains("java.lang.IllegalStateException: boom");
    JsonNode custom = r.path("custom");
    assertThat(custom.path("type").asText()).isEqualTo("TestTasks.OrderError");
    assertThat(custom.path("args").toString()).isEqualTo("[\"42: custom\"]");
    JsonNode unknown = r.path("unknown");
    assertThat(unknown.path("type").asText()).isEqualTo("NotRegistered");
    assertThat(unknown.path("args").toString()).isEqualTo("[\"it.nope\"]");
    // and the unknown task's message is kept
    GetResponse dead = fixture.takeDeadLetter();
    assertThat(dead).isNotNull();
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
        .contains("'it.nope' is not registered");
  }

  @Test
  void retriesAndExhaustedRetries() throws Exception {
    JsonNode r = drive("retries");
    assertThat(r.path("flaky").asInt()).isEqualTo(2);
    assertThat(r.path("exhausted").path("state").asText()).isEqualTo("FAILURE");
    assertThat(r.path("exhausted").path("type").asText()).isEqualTo("IOException");
    assertThat(r.path("exhausted").path("args").toString()).isEqualTo("[\"still down\"]");
  }

  @Test
  void chainGroupMapStarmapAndChunks() throws Exception {
    JsonNode r = drive("canvas");
    assertThat(r.path("chain").asInt()).isEqualTo(8);
    assertThat(r.path("chain_to_group").toString()).isEqualTo("[4,6]");
    assertThat(r.path("group").toString()).isEqualTo("[0,2,4,6,8,10,12,14,16,18]");
    assertThat(r.path("starmap").toString()).isEqualTo("[3,7]");
    assertThat(r.path("map").toString()).isEqualTo("[{\"x\":2,\"y\":1}]");
    assertThat(r.path("chunks").toString()).isEqualTo("[[0,2],[4]]");
  }

  @Test
  void linkAndLinkErrorCallbacksRunOnTheJavaWorker() throws Exception {
    String key = UUID.randomUUID().toString();
    JsonNode r = drive("links", key);
    assertThat(r.path("ok").asInt()).isEqualTo(42);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TestTasks.RECORDED.containsKey(key)
                    && TestTasks.RECORDED.containsKey(key + "-err")
                    && TestTasks.RECORDED.containsKey(key + "-chain"));
    assertThat(TestTasks.RECORDED.get(key)).containsExactly(42);
    assertThat(TestTasks.RECORDED.get(key + "-err")).containsExactly(r.path("bad_id").asText());
    assertThat(TestTasks.RECORDED.get(key + "-chain")).containsExactly(20);
  }

  @Test
  void aFailedChainStepFailsTheStepsAfterIt() throws Exception {
    JsonNode last = drive("chainfail").path("last");
    assertThat(last.path("state").asText()).isEqualTo("FAILURE");
    assertThat(last.path("type").asText()).isEqualTo("IllegalStateException");
  }

  @Test
  void trackStartedShowsStarted() throws Exception {
    JsonNode r = drive("started");
    assertThat(r.path("seen").toString()).contains("STARTED");
    assertThat(r.path("result").asText()).isEqualTo("done");
  }

  @Test
  void ignoreResultSendsNoResult() throws Exception {
    JsonNode r = drive("ignore");
    assertThat(r.path("loud").asInt()).isEqualTo(4);
    assertThat(r.path("quiet_replies").asInt(-1)).isZero();
  }

  @Test
  void priorityOnAnXMaxPriorityQueue() throws Exception {
    // A Python app owns this queue and declared it with x-max-priority; the worker starts after.
    fixture.close();
    fixture = QueueFixture.create("interop-prio");
    String key = UUID.randomUUID().toString();
    ProcessBuilder py =
        PythonInterop.process(
            TestBroker.amqpUrl(),
            records,
            PythonCelery.PYTHON,
            PythonInterop.interopDir().resolve("driver.py").toString(),
            "priority",
            fixture.queue,
            key);
    py.environment().put("INTEROP_MAX_PRIORITY", "10");
    Process p = py.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();

    fixture.withWorker(w -> w.concurrency(1).prefetchMultiplier(1));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> TestTasks.RECORDED.getOrDefault(key, List.of()).size() == 3);
    assertThat(TestTasks.RECORDED.get(key)).containsExactly(9, 5, 1);
  }
}
