package dev.celeriac.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskHeadersTest {

  private static final OffsetDateTime ETA =
      OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

  private static TaskHeaders full() {
    return TaskHeaders.builder("id-1", "tasks.add")
        .lang("java")
        .rootId("root")
        .parentId("parent")
        .group("g")
        .groupIndex(3)
        .retries(2)
        .eta(ETA)
        .expires(ETA.plusHours(1))
        .timeLimit(new TimeLimit(30.0, 20.0))
        .shadow("shadow")
        .argsRepr("(1, 2)")
        .kwargsRepr("{}")
        .origin("gen1@host")
        .ignoreResult(true)
        .extra(Map.of("x-custom", "abc"))
        .build();
  }

  @Test
  void builderStartsWithEmptyHeadersButIdAndTask() {
    TaskHeaders h = TaskHeaders.builder("id-1", "tasks.add").build();
    assertThat(h.id()).isEqualTo("id-1");
    assertThat(h.task()).isEqualTo("tasks.add");
    assertThat(h.retries()).isZero();
    assertThat(h.timeLimit()).isEqualTo(TimeLimit.NONE);
    assertThat(h.ignoreResult()).isFalse();
    assertThat(h.extra()).isEmpty();
    assertThat(
            java.util.Arrays.asList(
                h.lang(),
                h.rootId(),
                h.parentId(),
                h.group(),
                h.groupIndex(),
                h.eta(),
                h.expires(),
                h.shadow(),
                h.argsRepr(),
                h.kwargsRepr(),
                h.origin()))
        .containsOnlyNulls();
  }

  @Test
  void toBuilderCopiesEveryComponent() {
    assertThat(full().toBuilder().build()).isEqualTo(full());
  }

  @Test
  void withWorkflowChangesOnlyRootAndParent() {
    TaskHeaders placed = full().withWorkflow("new-root", "new-parent");
    assertThat(placed.rootId()).isEqualTo("new-root");
    assertThat(placed.parentId()).isEqualTo("new-parent");
    assertThat(placed.toBuilder().rootId("root").parentId("parent").build()).isEqualTo(full());
  }

  @Test
  void forRetryCountsOneMoreRetryWithTheTaskAsParentAndTheNewEtaAndOrigin() {
    OffsetDateTime later = ETA.plusMinutes(5);
    TaskHeaders retry = full().forRetry(later, "worker@host");
    assertThat(retry.retries()).isEqualTo(3);
    assertThat(retry.parentId()).isEqualTo("id-1");
    assertThat(retry.eta()).isEqualTo(later);
    assertThat(retry.origin()).isEqualTo("worker@host");
    assertThat(retry.rootId()).isEqualTo("root");
    assertThat(retry.extra()).isEqualTo(Map.of("x-custom", "abc"));
  }
}
