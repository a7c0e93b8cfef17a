/**
 * The PostgreSQL backend's parts: Celery's tables and statements, the restricted pickle reader and
 * writer for the {@code result} columns, polling watches and URL parsing. Not an API; other modules
 * must not use it.
 */
package dev.celeriac.backend.db.internal;
