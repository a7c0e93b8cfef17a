package dev.celeriac.cli.interop;

import dev.celeriac.backend.redis.testing.RedisProbe;
import dev.celeriac.backend.redis.testing.TestRedis;
import dev.celeriac.broker.testing.PythonCelery;
import dev.celeriac.protocol.CeleryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Results through Redis between Python Celery 5.2.6 ({@code backend='redis://…'}) and Celeriac, in
 * both directions, each read by id by a process that did not send the task.
 */
class RedisResultsInteropIT extends ResultsInteropContract {

  /** This suite's database, unless CELERIAC_TEST_REDIS_URL names one. */
  private static final int DATABASE = 13;

  @Override
  String requireBackend() {
    PythonCelery.requireWithRedis();
    return TestRedis.require(DATABASE);
  }

  @Override
  String pythonBackendClass() {
    return "RedisBackend";
  }

  @Override
  String name() {
    return "redis";
  }

  @Override
  String storedStatus(String taskId) {
    try (RedisProbe probe = new RedisProbe(backend())) {
      String meta = probe.get(key(taskId));
      return meta == null
          ? null
          : CeleryJson.read(meta.getBytes(StandardCharsets.UTF_8)).path("status").asText();
    }
  }

  @Override
  void forget(List<String> taskIds) {
    try (RedisProbe probe = new RedisProbe(backend())) {
      probe.delete(taskIds.stream().map(RedisResultsInteropIT::key).toArray(String[]::new));
    }
  }

  private static String key(String taskId) {
    return "celery-task-meta-" + taskId;
  }
}
