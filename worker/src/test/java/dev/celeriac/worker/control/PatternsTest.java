package dev.celeriac.worker.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

class PatternsTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Test
  void selectsNodesByGlobOrRegexLikeKombu() {
    assertThat(Patterns.matches("celery@a", NullNode.instance, NullNode.instance)).isTrue();
    assertThat(Patterns.matches("celery@a", JSON.textNode("celery@*"), NullNode.instance)).isTrue();
    assertThat(Patterns.matches("other@a", JSON.textNode("celery@*"), JSON.textNode("glob")))
        .isFalse();
    assertThat(Patterns.matches("celery@a1", JSON.textNode("a\\d$"), JSON.textNode("pcre")))
        .isTrue();
  }
}
