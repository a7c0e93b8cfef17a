package dev.celeriac.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celeriac.error.ConfigurationException;
import java.util.List;

/**
 * Members that run in parallel, Celery's {@code group}: one ordinary message per member, each with
 * the group id in its {@code group} header.
 */
public final class Group<R> {

  private final List<Signature<R>> members;

  Group(List<Signature<R>> members) {
    ConfigurationException.require(!members.isEmpty(), "a group needs at least one member");
    this.members = List.copyOf(members);
  }

  public List<Signature<R>> members() {
    return members;
  }

  /**
   * This group as one step of a chain, Celery's {@code celery.group} signature. A step after it
   * makes the group a chord's header and the steps after it the body, as in Celery: {@code
   * Canvas.chain(add.s(1, 1), Canvas.group(add.s(10), add.s(20)).asSignature(), sum.s())}.
   */
  public Signature<List<R>> asSignature() {
    ObjectNode kwargs = JsonNodeFactory.instance.objectNode();
    ArrayNode tasks = kwargs.putArray("tasks");
    members.forEach(member -> tasks.add(member.toJson()));
    return new Signature<>(
        members.getFirst().app(),
        "celery.group",
        JsonNodeFactory.instance.arrayNode(),
        kwargs,
        null,
        false,
        "group",
        null);
  }

  /** Sends every member; returns once the broker confirmed all of them. */
  public GroupResult<R> applyAsync() {
    return members.getFirst().app().calls().group(members);
  }
}
