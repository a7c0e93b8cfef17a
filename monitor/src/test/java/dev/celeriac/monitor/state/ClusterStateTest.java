package dev.celeriac.monitor.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.protocol.CeleryJson;
import dev.celeriac.protocol.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClusterStateTest {

  private final AtomicLong nowMillis = new AtomicLong(1_700_000_000_000L);
  private final InstantSource clock = () -> Instant.ofEpochMilli(nowMillis.get());
  private final List<String> observed = new ArrayList<>();
  private final ClusterState state =
      new ClusterState(100, 10, clock, (s, t) -> observed.add(t.id() + ":" + s.subject()));

  private static ObjectNode event(String json) {
    return (ObjectNode) CeleryJson.read(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsAtMostMaxTasksDroppingTheOneUpdatedLongestAgo() {
    for (int i = 0; i < 1_000; i++) {
      state.apply(event("{'type':'task-sent','uuid':'t" + i + "','name':'tasks.add'}"));
      if (i == 500) {
        // t0..t400 are long gone by now; t450 is touched again and so survives longer.
        state.apply(event("{'type':'task-received','uuid':'t450','hostname':'w@h'}"));
      }
    }
    assertThat(state.taskCount()).isEqualTo(100);
    assertThat(state.task("t999")).isNotNull();
    assertThat(state.task("t900")).isNotNull();
    assertThat(state.task("t899")).isNull();
    assertThat(state.task("t0")).isNull();
    assertThat(state.tasks(null, null, 1_000)).hasSize(100);
  }

  @Test
  void namesTheRealExceptionOfATaskThatFailedOnAPythonThreadsPool() {
    state.apply(
        event(
            "{'type':'task-failed','uuid':'py','hostname':'celery@h',"
                + "'exception':'ExceptionWithTraceback()',"
                + "'traceback':'Traceback (most recent call last):\\n  File tasks.py, line 6,"
                + " in boom\\nValueError: boom 3\\n'}"));

    assertThat(state.task("py").exception()).isEqualTo("ValueError: boom 3");
    assertThat(state.tasks("ValueError", null, 10)).extracting(TaskView::id).containsExactly("py");
  }

  @Test
  void keepsAtMostMaxWorkers() {
    for (int i = 0; i < 50; i++) {
      state.apply(event("{'type':'worker-heartbeat','hostname':'w" + i + "@h','freq':2.0}"));
    }
    assertThat(state.workers()).hasSize(10);
    assertThat(state.workers()).extracting(WorkerView::hostname).contains("w49@h");
  }

  @Test
  void foldsATaskLifecycleFromSingleEventsAndTaskMultiArrays() {
    state.apply(
        event(
            "{'type':'task-sent','uuid':'a','name':'tasks.add','args':'(2, 3)','kwargs':'{}',"
                + "'queue':'celery','retries':0,'hostname':'client@h','timestamp':1.0}"));
    byte[] batch =
        ("[{'type':'task-received','uuid':'a','name':'tasks.add','args':'(2, 3)',"
                + "'hostname':'w1@h','timestamp':2.0},"
                + "{'type':'task-started','uuid':'a','hostname':'w1@h','timestamp':3.0},"
                + "{'type':'task-succeeded','uuid':'a','result':'5','runtime':0.25,"
                + "'hostname':'w1@h','timestamp':3.25}]")
            .replace('\'', '"')
            .getBytes(StandardCharsets.UTF_8);
    EventCodec.decode(batch).forEach(state::apply);

    TaskView task = state.task("a");
    assertThat(task.state()).isEqualTo("SUCCESS");
    assertThat(task.name()).isEqualTo("tasks.add");
    assertThat(task.args()).isEqualTo("(2, 3)");
    assertThat(task.result()).isEqualTo("5");
    assertThat(task.runtime()).isEqualTo(0.25);
    assertThat(task.worker()).isEqualTo("w1@h"); // not the client that sent it
    assertThat(task.queue()).isEqualTo("celery");
    assertThat(task.sent()).isEqualTo(1.0);
    assertThat(task.finished()).isEqualTo(3.25);
    assertThat(observed).containsExactly("a:sent", "a:received", "a:started", "a:succeeded");
  }

  @Test
  void aLateEventDoesNotUndoAFinishedTask() {
    state.apply(event("{'type':'task-succeeded','uuid':'a','result':'1','hostname':'w@h'}"));
    state.apply(event("{'type':'task-started','uuid':'a','hostname':'w@h'}"));
    state.apply(event("{'type':'task-sent','uuid':'a','name':'tasks.x'}"));
    assertThat(state.task("a").state()).isEqualTo("SUCCESS");
    assertThat(state.task("a").name()).isEqualTo("tasks.x");

    state.apply(event("{'type':'task-started','uuid':'b','hostname':'w@h'}"));
    state.apply(event("{'type':'task-sent','uuid':'b','name':'tasks.y'}"));
    assertThat(state.task("b").state()).isEqualTo("STARTED");
  }

  @Test
  void aRetriedTaskRunsAgain() {
    state.apply(event("{'type':'task-retried','uuid':'r','exception':'boom','traceback':'tb'}"));
    state.apply(event("{'type':'task-received','uuid':'r','retries':1,'hostname':'w@h'}"));
    assertThat(state.task("r").state()).isEqualTo("RECEIVED");
    assertThat(state.task("r").retries()).isEqualTo(1);
    assertThat(state.task("r").traceback()).isEqualTo("tb");
  }

  @Test
  void aRejectedTaskIsNotFinishedAndARequeuedOneRunsAgain() {
    state.apply(event("{'type':'task-received','uuid':'j','hostname':'w@h','timestamp':1.0}"));
    state.apply(
        event(
            "{'type':'task-rejected','uuid':'j','requeue':true,'hostname':'w@h','timestamp':2.0}"));
    assertThat(state.task("j").state()).isEqualTo("REJECTED");
    assertThat(state.task("j").finished()).isNull();

    state.apply(event("{'type':'task-received','uuid':'j','hostname':'w2@h','timestamp':3.0}"));
    state.apply(event("{'type':'task-succeeded','uuid':'j','hostname':'w2@h','timestamp':4.0}"));
    assertThat(state.task("j").state()).isEqualTo("SUCCESS");
    assertThat(state.task("j").finished()).isEqualTo(4.0);
    assertThat(observed).containsExactly("j:received", "j:rejected", "j:received", "j:succeeded");
  }

  @Test
  void searchesByTextAndState() {
    state.apply(event("{'type':'task-sent','uuid':'1','name':'tasks.add','args':'(1, 2)'}"));
    state.apply(event("{'type':'task-failed','uuid':'2','exception':'KeyError()'}"));
    state.apply(event("{'type':'task-sent','uuid':'3','name':'tasks.mul','args':'(7, 8)'}"));

    assertThat(state.tasks("ADD", null, 10)).extracting(TaskView::id).containsExactly("1");
    assertThat(state.tasks("7, 8", null, 10)).extracting(TaskView::id).containsExactly("3");
    assertThat(state.tasks(null, "failure", 10)).extracting(TaskView::id).containsExactly("2");
    assertThat(state.tasks("", "", 10)).extracting(TaskView::id).containsExactly("3", "2", "1");
    assertThat(state.tasks(null, null, 2)).hasSize(2);
  }

  @Test
  void aWorkerWhoseHeartbeatsStopIsShownOffline() {
    state.apply(
        event(
            "{'type':'worker-online','hostname':'w@h','freq':2.0,'sw_ident':'py-celery',"
                + "'sw_ver':'5.2.6','active':1,'processed':7,'loadavg':[0.5,0.25,0.1]}"));
    state.workerStats("w@h", "threads", 4);
    WorkerView w = state.workers().getFirst();
    assertThat(w.online()).isTrue();
    assertThat(w.software()).isEqualTo("py-celery 5.2.6");
    assertThat(w.processed()).isEqualTo(7L);
    assertThat(w.loadavg()).containsExactly(0.5, 0.25, 0.1);
    assertThat(w.pool()).isEqualTo("threads");
    assertThat(w.concurrency()).isEqualTo(4);

    nowMillis.addAndGet(5_000);
    assertThat(state.workers().getFirst().online()).isTrue();
    nowMillis.addAndGet(2_000);
    assertThat(state.workers().getFirst().online()).isFalse();

    state.apply(event("{'type':'worker-heartbeat','hostname':'w@h','freq':2.0}"));
    assertThat(state.workers().getFirst().online()).isTrue();
    state.apply(event("{'type':'worker-offline','hostname':'w@h'}"));
    assertThat(state.workers().getFirst().online()).isFalse();
  }

  @Test
  void countsFinishedTasksPerSecondInAFixedWindow() {
    state.apply(event("{'type':'task-succeeded','uuid':'a'}"));
    state.apply(event("{'type':'task-succeeded','uuid':'b'}"));
    state.apply(event("{'type':'task-failed','uuid':'c'}"));
    Throughput.Series series = state.throughput();
    assertThat(series.succeeded()).hasSize(Throughput.SECONDS);
    assertThat(series.succeeded()[Throughput.SECONDS - 1]).isEqualTo(2);
    assertThat(series.failed()[Throughput.SECONDS - 1]).isEqualTo(1);

    nowMillis.addAndGet(Throughput.SECONDS * 1000L);
    assertThat(state.throughput().succeeded()).containsOnly(0);
  }

  @Test
  void ignoresEventsWithoutAnId() {
    state.apply(event("{'type':'task-sent','name':'x'}"));
    state.apply(event("{'type':'worker-heartbeat'}"));
    state.apply(event("{'type':'something-else'}"));
    assertThat(state.taskCount()).isZero();
    assertThat(state.workers()).isEmpty();
    assertThat(state.eventCount()).isEqualTo(3);
  }
}
