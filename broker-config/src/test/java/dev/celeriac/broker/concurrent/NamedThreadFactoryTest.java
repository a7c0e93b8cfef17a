package dev.celeriac.broker.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedThreadFactoryTest {

  @Test
  void namesThreadsByRoleAndNumberFromOne() {
    NamedThreadFactory threads = new NamedThreadFactory("celeriac-test", true);

    Thread first = threads.newThread(() -> {});
    Thread second = threads.newThread(() -> {});

    assertThat(first.getName()).isEqualTo("celeriac-test-1");
    assertThat(second.getName()).isEqualTo("celeriac-test-2");
    assertThat(first.isDaemon()).isTrue();
    assertThat(first.isVirtual()).isFalse();
  }

  @Test
  void makesNonDaemonThreadsWhenAsked() {
    assertThat(new NamedThreadFactory("celeriac-test", false).newThread(() -> {}).isDaemon())
        .isFalse();
  }
}
