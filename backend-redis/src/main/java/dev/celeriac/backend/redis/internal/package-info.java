/**
 * The Redis backend's parts: Celery's key names and meta JSON, the store script, pub/sub watches,
 * URL parsing and Lettuce setup. Not an API; other modules must not use it.
 */
package dev.celeriac.backend.redis.internal;
