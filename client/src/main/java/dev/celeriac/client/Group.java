package dev.celeriac.client;

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

  /** Sends every member; returns once the broker confirmed all of them. */
  public GroupResult<R> applyAsync() {
    return members.getFirst().app().calls().group(members);
  }
}
