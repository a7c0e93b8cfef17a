/**
 * Task results in Redis, in the format of Celery's {@code redis://} result backend, so Celeriac and
 * Python Celery read each other's results: {@link dev.celeriac.backend.redis.RedisResultBackend}
 * and its {@link dev.celeriac.backend.redis.RedisBackendSettings}. The client finds the backend by
 * URL through {@link dev.celeriac.backend.redis.RedisResultBackendProvider}.
 */
package dev.celeriac.backend.redis;
