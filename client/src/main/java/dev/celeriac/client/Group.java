package dev.celeriac.client;

import dev.celeriac.client.internal.ResultSlot;
import dev.celeriac.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
    Celeriac app = members.getFirst().app();
    String groupId = UUID.randomUUID().toString();
    List<AsyncResult<R>> results = new ArrayList<>();
    for (Signature<R> member : members) {
      Celeriac.Prepared prepared = app.prepare(member, TaskOptions.NONE, groupId, null);
      ResultSlot slot = prepared.ignoreResult() ? null : app.register(prepared.id());
      app.publish(prepared);
      results.add(app.result(prepared.id(), member, slot, List.of()));
    }
    return new GroupResult<>(groupId, results);
  }
}
